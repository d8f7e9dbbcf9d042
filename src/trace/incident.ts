// The incident a report describes: the trace, what the chain's sessions did, where the records
// came from and what the store held. The store fills it (src/store/report-data.ts); views render
// it (src/report/markdown/). Pure types only.

import type { ChainEvent } from './activity.js';
import type { StoreCoverage } from './lookups.js';
import type { DifferingCopy, Trace } from './model.js';
import type { Scope } from './scope-model.js';

/** Where one record was loaded from, and the SHA-256 of the file it came in. */
export interface RecordSource {
  eventId: string;
  /** The path, s3:// key, or API page (lookup-events://…, athena://…) the record was loaded from. */
  source: string;
  /** 0-based position of the record in that file or page. */
  index: number;
  /** SHA-256 of the file's bytes as loaded (the kept copy in the store's evidence folder). */
  sha256: string;
  /** The kept copy was found to match that SHA-256 when the report was made. */
  verified: boolean;
  /** What CloudTrail's digests say of the file (trail-trace verify's verdict), and the digest. */
  integrity: 'validated' | 'unsigned' | 'tampered';
  digest: string | null;
  /** Other copies of the event, kept too, that differ from this one (the one the trace uses). */
  differingCopies: DifferingCopy[];
}

/** The log file integrity of the accounts and regions the chain's records come from. */
export interface IntegrityReport {
  /** Digest chains (account, region, trail), as `trail-trace verify` checks them. */
  chains: { accountId: string; region: string | null; trail: string | null; status: 'ok' | 'broken'; from: string; to: string; digests: number; verified: number; problems: string[]; restarts: string[] }[];
  /** Calls that stopped, deleted or changed CloudTrail logging in the chain's accounts. */
  loggingChanges: { eventId: string; eventName: string; eventTime: string; accountId: string | null; region: string | null; actor: string | null; errorCode: string | null }[];
  /** Runs of hours with no event in the store, per account and region of the chain's records. */
  silentHours: { accountId: string; region: string; from: string; to: string; hours: number }[];
}

/** Events the store holds for one account and region: what was examined. */
export interface CoverageCell {
  accountId: string | null;
  region: string | null;
  /** ISO 8601 UTC of the earliest and latest events. */
  from: string;
  to: string;
  events: number;
}

/** One other credential under a member's name: its calls summed (queries/report/other-credentials.sql). */
export interface OtherCredential {
  /** The member whose session ARN (or principal) the calls share. */
  actor: string | null;
  accessKeyId: string | null;
  /** sessionContext.attributes.creationDate, ISO 8601 UTC. */
  createdAt: string | null;
  calls: number;
  /** Calls that succeeded and were not read-only. */
  writes: number;
  first: string;
  last: string;
  /** The first few source IPs and user agents, sorted, and how many there are. */
  ips: string[];
  ipCount: number;
  userAgents: string[];
  userAgentCount: number;
}

/** One question a source answered for the store (src/store/sources.ts). */
export interface FetchedQuestionView {
  source: string;
  what: string;
  /** The Athena query, the S3 prefixes, the LookupEvents calls. */
  how: string;
  askedAt: string;
  records: number;
  bytesScanned: number;
  bytesDownloaded: number;
  objects: number;
  requests: number;
  /** Answered in an earlier run, for a window that had settled: not asked again. */
  earlier?: boolean;
}

export interface Incident {
  trace: Trace;
  integrity: IntegrityReport;
  /** Every stored event made by a member of the chain with its own credential (src/trace/activity.ts), oldest first. */
  activity: ChainEvent[];
  /** Calls under the members' names by other credentials, summed per credential. */
  otherCredentials: OtherCredential[];
  /** Where the target, issuing events, their copies and the origin's event were loaded from. */
  records: RecordSource[];
  coverage: StoreCoverage;
  coverageCells: CoverageCell[];
  /** The questions the store asked of where the logs live (--fetch), latest first: which query, prefixes or calls brought records in. */
  fetched: FetchedQuestionView[];
  /** The store the report was made from. */
  storePath: string;
  /** trail-trace's version, from package.json. */
  toolVersion: string;
  /** When the report was made, ISO 8601 UTC (passed in, so the same input renders the same bytes). */
  generatedAt: string;
  /**
   * What the origin's credentials minted, did and changed, and how to evict them (src/trace/scope-build.ts);
   * absent when the report leaves it out (--no-scope), or with why it could not be made.
   */
  scope?: Scope | { unavailable: string };
}
