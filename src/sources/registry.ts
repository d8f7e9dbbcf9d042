// Sources as plugins (issue "Trace where the logs live"): each kind of place logs live — S3,
// Event history, Athena; CloudTrail Lake later — declares here how it is configured, how it is
// described, and how it answers a trace's narrow questions (src/sources/question.ts) with files
// the loader stores like any others. The tracer knows none of this: the fetching lookups
// (src/app/fetching-lookups.ts) ask the sources the store keeps (`trail-trace source add`).

import type { GapHint, GapRequest } from '../trace/gaps.js';
import type { LoadedRoot } from '../trace/lookups.js';
import type { z } from 'zod';
import type { SourceListing } from '../ingest/source.js';
import type { Question } from './question.js';

/** What answering has cost so far: Athena's bytes scanned, S3's bytes and objects downloaded, API requests. */
export interface FetchCost {
  bytesScanned: number;
  bytesDownloaded: number;
  objects: number;
  requests: number;
}

export const NO_COST: FetchCost = { bytesScanned: 0, bytesDownloaded: 0, objects: 0, requests: 0 };

export function addCost(a: FetchCost, b: FetchCost): FetchCost {
  return {
    bytesScanned: a.bytesScanned + b.bytesScanned,
    bytesDownloaded: a.bytesDownloaded + b.bytesDownloaded,
    objects: a.objects + b.objects,
    requests: a.requests + b.requests,
  };
}

/** A stored source's settings; text that is not JSON reads as no settings (the kind then refuses them). */
export function parseSettings(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Us-east-1, eu-central-2, us-gov-west-1…: a region from a record is used in a prefix or a path only when it is one. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The question's regions that are region names (a forged record's cannot become a path), or null for any. */
export function regionsFor(q: Question): string[] | null {
  return q.regions ? q.regions.filter((r) => REGION.test(r)) : null;
}

/** The accounts a source asks: the question's, or for one in the management account, those the source was told. */
export function accountsFor(q: Question, managementAccounts: string[] | undefined): string[] | null {
  return q.accounts ?? (q.inManagementAccount && managementAccounts ? managementAccounts : null);
}

export interface Answer {
  /** What the source did to answer, in words: the Athena query, the S3 prefixes, the LookupEvents calls. */
  how: string;
  /** The files to load (fetched as they are loaded), or null when there is nothing to load. */
  listing: SourceListing | null;
  /** What the listing will download, known before any of it is (S3): checked against --max-objects, counted once loaded. */
  /** Objects that would answer it already in the store, not read again (S3): found all the same. */
  alreadyStored?: number;
  download?: { objects: number; bytes: number };
}

export interface AnswerContext {
  /** A scratch folder of the store's, for downloads. */
  downloadDir: string;
  signal: AbortSignal;
  /** Told as the source works (an Athena query's state, S3 listing). */
  onStatus(text: string): void;
  /** Now, as the command sees it. */
  nowMs: number;
  /** Objects already in the store (source + ETag, as loadedObjectKey spells them), not fetched again. */
  loadedObjects(prefix: string): Promise<Set<string>>;
  /** What is left of --max-scan: a source that scans (Athena) stops a query that goes past it. */
  maxScanBytes: number;
}

/** A source opened for a command: its clients made, requests counted. */
export interface OpenedSource {
  readonly name: string;
  readonly kind: string;
  /**
   * Whether this source answers only part of the question (one account's Event history asked of
   * several, or of a window reaching past its 90 days): the next sources are asked even when it
   * found records. Absent: it answers all of what it can answer at all.
   */
  partial?(q: Question, nowMs: number): boolean;
  /** Why this source cannot hold the answer (another account, past its reach), or null when it may. */
  cannotAnswer(q: Question, nowMs: number): string | null;
  answer(q: Question, ctx: AnswerContext): Promise<Answer>;
  /** What answering has cost since the source was opened (downloads aside: Answer.download). */
  cost(): FetchCost;
  close(): void;
}

export interface OpenContext {
  env: NodeJS.ProcessEnv;
  /** The command the user ran ("from-event --fetch"), for error messages. */
  command: string;
  /** Asks for an MFA code when a profile needs one. */
  mfaPrompt(serial: string): Promise<string>;
}

/**
 * How a store loaded by `ingest <kind>` words the command that loads a gap the same way
 * (src/sources/wording/). Kept apart from the kind's client code: every trace words its gaps, and
 * must not load an AWS client to do it.
 */
export interface GapWording {
  /** The kind of root that ingest remembers (StoreCoverage.loadedFrom). */
  rootKind: string;
  /** The gap's command from the roots of that kind, or null to leave it to the next kind. */
  gapHint(req: GapRequest, roots: LoadedRoot[], ctx: GapWordingContext): GapHint | null;
}

export interface GapWordingContext {
  /** `trail-trace ingest <kind>`, with --db when the user gave one. */
  ingestCommand: string;
  /** The time of the trace (Event history reaches 90 days back from it). */
  nowMs: number;
  /** The files hint (aws s3 sync, then ingest files), for a kind that cannot reach the window. */
  filesHint: () => string;
}

export interface SourceKind<S = unknown> {
  readonly kind: string;
  /** The kind in a few words, for `source list` and help. */
  readonly title: string;
  /** The settings as stored (never credentials): checked when added and when read back. */
  readonly settings: z.ZodType<S>;
  /** One line naming where the logs are, e.g. "athena security.org_trail in us-east-1". */
  describe(settings: S): string;
  /**
   * The `trail-trace ingest …` command that loads a whole window from this source into the store
   * (what a scope needs: every call of the window, not the answers to a trace's questions), every
   * value shell-quoted; `from` and `to` as the user would type them.
   */
  windowCommand(settings: S, from: string, to: string): string;
  open(name: string, settings: S, ctx: OpenContext): Promise<OpenedSource>;
}
