// What an ingest counts as it goes: files stored, passed over or failed, events new and duplicate,
// warnings with examples, and the progress shown while it runs. Pure: the ingest loop tells it
// what happened, and the summary it prints is read from here (tested without a store).

import type { BatchResult, ConflictingCopy } from '../store/load.js';
import { addWarning, emptyTally, type IngestWarning, type WarningKind, type WarningTally } from './warnings.js';
import { noEventText } from './normalize.js';

export interface IngestProgress {
  /** Files stored (or passed over). */
  filesDone: number;
  /** Files taken from the source so far (stored, waiting in a batch, or passed over). */
  filesRead: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  eventsNew: number;
  eventsDuplicate: number;
}

export interface IngestSummary {
  /** Digest files stored (kept for `trail-trace verify`), counted among files loaded too. */
  digests: number;
  /** restored: files already stored whose kept copy was missing or changed, written again from the original. */
  /** empty: files read whole that held no CloudTrail event: not loaded, not remembered as stored (read again next time). */
  files: { seen: number; loaded: number; alreadyLoaded: number; failed: number; restored: number; empty: number };
  /** The first of the files that gave nothing, and why (EMPTY_EXAMPLES of them). */
  gaveNothing: { source: string; why: string }[];
  /**
   * Files whose records came out of another tool's shape (an Elasticsearch export, CloudWatch Logs
   * events…), how many, and the first few with how they were read (e.g. eventTime taken from a
   * wrapper's "@timestamp"): said once per file.
   */
  readAs: { files: number; examples: { source: string; how: string }[] };
  skipped: Record<string, number>;
  events: { new: number; duplicate: number };
  warnings: WarningTally;
  seconds: number;
  interrupted: boolean;
  stoppedByStrict: boolean;
}

/** A value quoted from a copy in a warning's detail (log text: shown through terminalSafe, cut here). */
const VALUE_MAX = 80;

function quoted(value: string | null): string {
  if (value === null) return 'absent';
  return `"${value.length > VALUE_MAX ? `${value.slice(0, VALUE_MAX)}…` : value}"`;
}

/**
 * A conflicting copy's warning detail: the eventID, the fields that differ, the copy traces use
 * (the warning's source and index are the other's), then each field's two values. The same pair of
 * copies gives the same words whichever was loaded first.
 */
export function conflictDetail(c: ConflictingCopy): string {
  const fields = c.differences.map((d) => d.field);
  const values = c.differences.map((d) => `${d.field} ${quoted(d.other)} here, ${quoted(d.used)} there`);
  return `eventID ${c.eventId}: ${fields.join(', ')} ${fields.length === 1 ? 'differs' : 'differ'} from the copy traces use, ` +
    `${c.usedSource} record ${c.usedIndex}: ${values.join('; ')}`;
}

/** Files that gave nothing named in the summary; the count says how many in all. */
const EMPTY_EXAMPLES = 5;

/** Thrown by the first warning under --strict: the ingest stops there. */
export class StrictModeStop extends Error {}

/** What the source said before anything was read. */
export interface ListingCounts {
  total: { files: number; bytes: number };
  /** Files the source passed over as already stored, without fetching them. */
  alreadyLoaded?: number;
  skipped: Record<string, number>;
}

export class IngestTally {
  readonly summary: IngestSummary;
  private readonly counts: IngestProgress;

  constructor(private readonly listing: ListingCounts, private readonly strict = false) {
    this.summary = {
      digests: 0,
      files: { seen: listing.total.files + (listing.alreadyLoaded ?? 0), loaded: 0, alreadyLoaded: listing.alreadyLoaded ?? 0, failed: 0, restored: 0, empty: 0 },
      gaveNothing: [],
      readAs: { files: 0, examples: [] },
      skipped: { ...listing.skipped },
      events: { new: 0, duplicate: 0 },
      warnings: emptyTally(),
      seconds: 0,
      interrupted: false,
      stoppedByStrict: false,
    };
    this.counts = { filesDone: 0, filesRead: 0, filesTotal: listing.total.files, bytesDone: 0, bytesTotal: listing.total.bytes, eventsNew: 0, eventsDuplicate: 0 };
  }

  /** The progress as of now (a copy). */
  get progress(): IngestProgress {
    return { ...this.counts };
  }

  /** Counts a warning (n times, with this one as the example); under --strict, stops the ingest. */
  warn(warning: IngestWarning, n = 1): void {
    addWarning(this.summary.warnings, warning, n);
    if (this.strict) {
      throw new StrictModeStop(`${warning.kind} in ${warning.source}${warning.index !== undefined ? ` at record ${warning.index}` : ''}`);
    }
  }

  /** A file that stores nothing: counted as failed, with the warning that says why (if any yet). */
  fileFailed(warning?: IngestWarning): void {
    this.summary.files.failed += 1;
    if (warning) this.warn(warning);
  }

  /** A file passed over once read (its content is not logs): counted with the reason. */
  skip(reason: string): void {
    this.summary.skipped[reason] = (this.summary.skipped[reason] ?? 0) + 1;
    this.passedOver += 1;
  }

  /** Files the listing gave that were passed over once read: skipped, not among those found. */
  private passedOver = 0;

  /** A file read whole that held no CloudTrail event (said why), without going to the store. */
  gaveNothing(source: string, why: string): void {
    this.summary.files.empty += 1;
    if (this.summary.gaveNothing.length < EMPTY_EXAMPLES) this.summary.gaveNothing.push({ source, why });
  }

  /** A file whose records came out of another tool's shape: how it was read. */
  readAsShape(source: string, how: string): void {
    this.summary.readAs.files += 1;
    if (this.summary.readAs.examples.length < EMPTY_EXAMPLES) this.summary.readAs.examples.push({ source, how });
  }

  /** A file already in the store (or met twice in this run); restored: its kept copy was written again. */
  alreadyStored(restored = false): void {
    this.summary.files.alreadyLoaded += 1;
    if (restored) this.summary.files.restored += 1;
  }

  /** A file taken from the source (it is stored, batched or passed over next). */
  taken(): void {
    this.counts.filesRead += 1;
  }

  /** Files done with: stored, or passed over. */
  done(files: { bytes: number }[]): void {
    this.counts.filesDone += files.length;
    this.counts.bytesDone += files.reduce((n, f) => n + f.bytes, 0);
  }

  /** A batch stored: its files, its events new and duplicate, and its records' problems as warnings (by source). */
  batchStored(files: { localPath: string; source: string; shape?: string }[], result: BatchResult): void {
    const bySource = new Map(files.map((f) => [f.localPath, f.source]));
    const shapeOf = new Map(files.map((f) => [f.source, f.shape]));
    // A file with no CloudTrail event in it is not loaded (src/store/load.ts BatchResult.empty).
    const empty = result.empty ?? [];
    this.summary.files.loaded += files.length - empty.length;
    this.summary.files.empty += empty.length;
    for (const e of empty) {
      if (this.summary.gaveNothing.length >= EMPTY_EXAMPLES) break;
      this.summary.gaveNothing.push({ source: e.source, why: noEventText(shapeOf.get(e.source), e.records) });
    }
    this.summary.events.new += result.inserted;
    this.summary.events.duplicate += result.valid - result.inserted;
    this.counts.eventsNew = this.summary.events.new;
    this.counts.eventsDuplicate = this.summary.events.duplicate;
    for (const p of result.problems) {
      const [first, ...rest] = p.examples;
      if (!first) continue;
      const at = (e: (typeof p.examples)[number]): IngestWarning => ({
        kind: p.problem as WarningKind, source: bySource.get(e.localPath) ?? e.localPath, index: e.index,
        ...(e.eventId ? { detail: `eventID ${e.eventId}` } : {}),
      });
      // The first example carries the problem's count beyond the other examples.
      this.warn(at(first), p.count - rest.length);
      for (const e of rest) this.warn(at(e));
    }
    const [first, ...rest] = result.conflicts.examples;
    if (first) {
      // Where the copy traces do not use was loaded from; the detail names the one they use.
      const at = (c: ConflictingCopy): IngestWarning => ({ kind: 'conflicting-copy', source: c.source, index: c.index, detail: conflictDetail(c) });
      this.warn(at(first), result.conflicts.count - rest.length);
      for (const c of rest) this.warn(at(c));
    }
  }

  /** Digest files stored: loaded files too. */
  digestsStored(n: number): void {
    this.summary.digests += n;
    this.summary.files.loaded += n;
  }

  /** The summary when the ingest ends. */
  finish(seconds: number, outcome: { interrupted: boolean; stoppedByStrict: boolean }): IngestSummary {
    this.summary.interrupted ||= outcome.interrupted;
    this.summary.stoppedByStrict ||= outcome.stoppedByStrict;
    // Sources that cannot count ahead (Athena's result pages) said 0. Seen: every file the source
    // gave, and those it passed over as stored without fetching (files it gave that turned out to
    // be stored are among the former, not counted twice).
    this.summary.files.seen = Math.max(this.summary.files.seen, this.counts.filesRead + (this.listing.alreadyLoaded ?? 0)) - this.passedOver;
    this.summary.seconds = seconds;
    return this.summary;
  }
}
