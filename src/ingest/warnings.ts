// Bad input is counted, not fatal (STYLE.md principle 3): each problem is a typed warning with
// where it was found, and the summary keeps the count by kind and a few examples.

export type WarningKind =
  | 'unreadable'
  | 'unreadable-folder'
  | 'broken-link'
  | 'link-loop'
  | 'not-a-file'
  | 'fetch-failed'
  | 'empty-file'
  | 'truncated-gzip'
  | 'invalid-json'
  | 'not-cloudtrail'
  | 'not-an-object'
  | 'missing-event-id'
  | 'event-id-not-text'
  | 'missing-event-time'
  | 'file-too-large'
  | 'record-too-large'
  | 'too-deep'
  | 'string-too-long'
  | 'not-a-digest'
  | 'conflicting-copy';

export const WARNING_TEXT: Record<WarningKind, string> = {
  unreadable: 'file could not be read',
  'unreadable-folder': 'folder could not be read: nothing in it was loaded',
  'broken-link': 'link to something missing or out of reach: not followed',
  'link-loop': 'link back to a folder above it, or a loop of links: not followed',
  'not-a-file': 'not a regular file (a FIFO, socket, device, or a link inside an archive): not opened',
  'fetch-failed': 'object could not be fetched',
  'empty-file': 'file is empty',
  'truncated-gzip': 'gzip data is truncated or corrupt',
  'invalid-json': 'not valid JSON',
  'not-cloudtrail': 'JSON that is not CloudTrail',
  'not-an-object': 'record is not a JSON object',
  'missing-event-id': 'record without eventID',
  'event-id-not-text': 'eventID that is not a string (a number, an object…): not stored, it could not be traced',
  'missing-event-time': 'record without a valid eventTime',
  'file-too-large': 'file larger decompressed than --max-file-size: not read',
  'record-too-large': 'record larger than --max-record-size: not stored',
  'too-deep': 'JSON nested deeper than --max-depth: not stored',
  'string-too-long': 'string longer than --max-string-size: not stored',
  'not-a-digest': 'file in a digest folder or named as a digest that is not a CloudTrail digest',
  'conflicting-copy': 'another copy of the event (same eventID) differs: both kept, traces use the one the README\'s rule picks',
};

export interface IngestWarning {
  kind: WarningKind;
  /** File path or S3 key. */
  source: string;
  /** 0-based record position in the file, when the problem is one record. */
  index?: number;
  detail?: string;
}

export interface WarningTally {
  total: number;
  byKind: Partial<Record<WarningKind, { count: number; examples: IngestWarning[] }>>;
}

export const MAX_EXAMPLES = 3;

export function emptyTally(): WarningTally {
  return { total: 0, byKind: {} };
}

export function addWarning(tally: WarningTally, warning: IngestWarning, count = 1): void {
  tally.total += count;
  const entry = (tally.byKind[warning.kind] ??= { count: 0, examples: [] });
  entry.count += count;
  if (entry.examples.length < MAX_EXAMPLES) entry.examples.push(warning);
}

/** Errors that say why a file or folder could not be read, in the words of a warning's detail. */
const FILE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'no longer there',
  EIO: 'an input/output error (the disk or its connection)',
  ENAMETOOLONG: 'its path is too long',
};

/**
 * Why a file or folder could not be read: "permission denied" rather than node's
 * `EACCES: permission denied, open '/the/path'`, whose path the warning names already.
 */
export function fileErrorText(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined;
  return (e?.code ? FILE_ERRORS[e.code] : undefined) ?? e?.message ?? String(err);
}
