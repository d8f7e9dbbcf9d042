// Sources are plugins behind one interface (DESIGN.md): each lists the log files it can provide,
// as local files to read. Files come from a folder tree; S3, LookupEvents and Athena write what
// they fetch to local files first, so every source goes through the same loader.

import type { IngestWarning, WarningKind } from './warnings.js';

/** Folders beside CloudTrail/ that hold no events for this tool (spec §5.1), and why they are passed over. */
export const PASSED_OVER_FOLDERS: Record<string, string> = {
  'CloudTrail-Insight': 'Insights files',
};

/** The folder of digest files beside CloudTrail/: kept for `trail-trace verify`, not read for events. */
export { DIGEST_FOLDER } from '../trace/awslogs.js';

export type LayoutKind = 'local' | 's3' | 'athena' | 'lookup';

/** A place events were loaded from, remembered for gap hints (SourceListing.layoutRoots). */
export interface LayoutRoot {
  root: string;
  orgId: string | null;
  /** The endpoint an S3 location was read through, when not AWS's own. */
  endpointUrl?: string;
}

export interface SourceFile {
  /** Where the file came from, as the user knows it: a path, s3://bucket/key, an API page. */
  source: string;
  /** A local path to read it from. */
  localPath: string;
  bytes: number;
  /** The S3 ETag of the object, stored so that a later run does not fetch it again. */
  etag?: string;
  /** A CloudTrail digest file: kept and read for `trail-trace verify`, holds no events. */
  kind?: 'digest';
  /** A digest's own signature, from its S3 object's metadata (only S3 keeps it). */
  signature?: { signature: string; algorithm: string | null };
  /**
   * Listed from a folder though its name does not say it holds logs: read only if its first bytes
   * are logs (src/ingest/sniff.ts), else passed over and counted as skipped, without a warning.
   */
  byContent?: boolean;
  /** The source could not provide this file (a download refused, say): warned and counted. */
  failure?: { kind: WarningKind; detail: string };
}

export interface SourceListing {
  /** The files, possibly produced while they are loaded (downloads run ahead of the loader). */
  files: Iterable<SourceFile> | AsyncIterable<SourceFile>;
  /** How many files and bytes `files` will produce, for progress. */
  total: { files: number; bytes: number };
  /** Files the source recognised as already in the store without fetching them. */
  alreadyLoaded?: number;
  /** Files passed over on purpose (digests, Insights, other extensions), by reason. */
  skipped: Record<string, number>;
  /**
   * What the source met and could not list, each a warning counted before any file is read: a
   * folder it may not read, a link to nothing or back to a folder above it, a FIFO (never opened).
   * Not files: they count neither as found nor as unreadable.
   */
  warnings?: IngestWarning[];
  /**
   * Where the events come from, remembered so that gap hints can load more the same way:
   * local folders or s3://bucket/prefix holding `AWSLogs/`, athena://region/catalog/database/table,
   * lookup-events://account.
   */
  layoutKind: LayoutKind;
  layoutRoots: LayoutRoot[];
  /** Told when a file is in the store (or passed over): a source may delete its download. */
  release?(file: SourceFile): Promise<void>;
  /** Told when the ingest is over, loaded or not: a source may drop its scratch files. */
  close?(): Promise<void>;
}

export interface Source {
  readonly name: string;
  list(): Promise<SourceListing>;
}
