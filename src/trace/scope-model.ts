// The scope's model: every credential a starting credential minted, what each did and changed, and
// how to evict them. The Scope is the JSON contract in docs/scope-json.md; every view renders it.
// Pure types only.

import type { Confidence, Finding, LinkKind, Origin, TrailEvent } from './model.js';
import type { TimeWindow, TraceLookups } from './lookups.js';
import type { Tactic } from './catalogue.js';

export type CredentialKind =
  | 'long-term-key'
  | 'role-session'
  | 'session-token'
  | 'federation-token'
  | 'console-session'
  | 'identity-center-session'
  | 'root-session';

/** Each kind of credential in words, for every view. */
export const CREDENTIAL_KIND_WORDS: Readonly<Record<CredentialKind, string>> = {
  'long-term-key': 'long-term key',
  'role-session': 'role session',
  'session-token': 'session token (GetSessionToken)',
  'federation-token': 'federated user (GetFederationToken)',
  'console-session': 'console session',
  'identity-center-session': 'Identity Center session',
  'root-session': 'root session (AssumeRoot)',
};

/** The call that made a credential, and its copies in other accounts (same sharedEventID). */
export interface IssuedByRef {
  eventId: string;
  eventName: string;
  eventTime: string;
  accountId: string | null;
  region: string | null;
  copies: string[];
  /** Where the call came from: a session used from elsewhere is a finding (findings.ts). */
  sourceIPAddress: string | null;
}

/** Calls refused for want of permission, many in one minute: probing what a credential may do. */
export interface DeniedBurst {
  from: string;
  to: string;
  calls: number;
  /** "iam:ListUsers", … (at most ten). */
  actions: string[];
}

export interface CredentialActivity {
  calls: number;
  failed: number;
  firstUse: string | null;
  lastUse: string | null;
  firstEventId: string | null;
  accounts: string[];
  regions: string[];
  /** The 20 addresses and user agents with most calls, most first. */
  ips: string[];
  userAgents: string[];
  /** Calls by service and action ("iam:ListUsers"), most first. */
  top: { call: string; count: number; failed: number }[];
  deniedBursts: DeniedBurst[];
}

export interface ScopeCredential {
  /** Stable within one document: c1, c2, … in the order the walk found them. */
  id: string;
  /** The credential that minted this one; null for the start. */
  parent: string | null;
  kind: CredentialKind;
  /** The key that signs its calls (long-term keys, STS sessions). */
  accessKeyId: string | null;
  /** Console and Identity Center sessions: the per-request keys seen. */
  accessKeyIds?: string[];
  arn: string | null;
  accountId: string | null;
  principalId: string | null;
  /** IAM user name, for long-term keys and console sessions (the eviction commands need it). */
  userName?: string | null;
  createdAt: string | null;
  expiresAt?: string | null;
  issuedBy: IssuedByRef | null;
  /** A console session signed in with a password its parent set: the call that set it (the issuedBy is the sign-in). */
  passwordSetBy?: IssuedByRef;
  /** How the call that made this credential is known to have been made by its parent. */
  link: LinkKind | null;
  confidence: Confidence | null;
  evidence: string[];
  activity: CredentialActivity | null;
  findings: Finding[];
}

export interface ScopeChange {
  eventId: string;
  eventTime: string;
  /** "iam:CreateAccessKey" */
  call: string;
  accountId: string | null;
  region: string | null;
  /** The credential that made it. */
  by: string;
  succeeded: boolean;
  errorCode: string | null;
  tactic: Tactic;
  technique: string;
  resource: { type: string; id: string | null; arn: string | null };
  meaning: string;
  /** How to undo it, printed, never run; null when the logs lack a value the command needs. */
  undo: { action: string; command: string | null; note?: string } | null;
}

export interface EvictionStep {
  step: number;
  action: string;
  /** What the step acts on: a key, a role, a user, a trail… */
  target: string;
  why: string;
  /** The AWS CLI command, every value shell-quoted; null when it cannot be written from the logs. */
  command: string | null;
  /** The credentials and events the step comes from. */
  credentials?: string[];
  eventIds?: string[];
}

export type ScopeStartKind = 'access-key' | 'principal' | 'session' | 'event';

export interface Scope {
  schema: 'trail-trace/scope@1';
  start: {
    kind: ScopeStartKind;
    value: string;
    /** An event start: the origin its trace reached, from which the scope walks forwards. */
    origin?: Origin | null;
  };
  window: TimeWindow;
  credentials: ScopeCredential[];
  changes: ScopeChange[];
  eviction: EvictionStep[];
  warnings: string[];
}

/**
 * How a scope asks for the calls of its credentials: by the access keys the walk gave each one,
 * each over its own time span. A console, SwitchRole or Identity Center session signs each request
 * with another key; the walk gives it those the backward rules attribute to it (scope.ts).
 */
export interface CredentialMatch {
  /** The credential's id in the scope. */
  cred: string;
  keys: { key: string; from: string; to: string }[];
}

/** One stored call and its verbatim record (for what a change changed). */
export interface RecordedCall {
  cred: string;
  event: TrailEvent;
  record: unknown;
}

/** One call of a scope credential, as a page lists it. */
export interface CallSummary {
  cred: string;
  eventId: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  accountId: string | null;
  region: string | null;
  errorCode: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  accessKeyId: string | null;
}

export interface ActivityRow {
  cred: string;
  calls: number;
  failed: number;
  firstUse: string;
  lastUse: string;
  firstEventId: string;
  accounts: string[];
  regions: string[];
  ips: string[];
  userAgents: string[];
  arn: string | null;
  accountId: string | null;
  principalId: string | null;
  accessKeyIds: string[];
}

/** A credential as the calls it signed name it (credential_contexts). */
export interface CredentialSeen {
  accessKeyId: string | null;
  principalId: string | null;
  createdAt: string | null;
  arn: string | null;
  identityType: string | null;
  accountId: string | null;
  calls: number;
  firstUse: string;
  firstEventId: string;
}

/**
 * The scope's lookups, beyond the trace's: the walk forwards asks for the calls a credential made
 * that may have made another (the store answers from its small identity tables), and the views ask
 * for activity and changes, summed or paged by the store, never all in memory.
 */
/** A session's principal and the span its creation falls in; the account it belongs to, when known (where its calls are logged). */
export interface SessionSpan {
  principalId: string;
  createdFrom: string;
  createdTo: string;
  accountId?: string;
}

export interface ScopeLookups extends TraceLookups {
  /** Calls that made credentials (STS calls returning keys, CreateAccessKey, console passwords) signed with these credentials' keys, in the window; at most `limit`. */
  mintingCalls(by: CredentialMatch[], window: TimeWindow, limit: number): Promise<TrailEvent[]>;
  /** The keys seen signing calls as one of the principals in sessions created in its span, with each one's first call. */
  keysOfSessions(sessions: SessionSpan[]): Promise<{ principalId: string; accessKeyId: string; createdAt: string; identityType: string | null; firstEventId: string }[]>;
  /** Successful ConsoleLogin events of IAM user `userName` of `accountId` in the window. */
  consoleSignIns(accountId: string, userName: string, window: TimeWindow): Promise<TrailEvent[]>;
  /** Sums of each credential's calls in the window. */
  activity(by: CredentialMatch[], window: TimeWindow): Promise<ActivityRow[]>;
  /** Each credential's calls by service and action, most first. */
  topCalls(by: CredentialMatch[], window: TimeWindow): Promise<{ cred: string; source: string; name: string; calls: number; failed: number }[]>;
  /** Minutes in which a credential had `minCalls` or more calls refused for want of permission. */
  deniedBursts(by: CredentialMatch[], window: TimeWindow, minCalls: number): Promise<(DeniedBurst & { cred: string })[]>;
  /** A page of the credentials' calls, oldest first, after `after` when given. */
  callsPage(by: CredentialMatch[], window: TimeWindow, after: { time: string; eventId: string } | null, limit: number): Promise<CallSummary[]>;
  /** The credentials' calls that are one of `calls`, oldest first, at most `limit`. */
  changeCalls(by: CredentialMatch[], window: TimeWindow, calls: { source: string; name: string }[], limit: number): Promise<RecordedCall[]>;
  /** The credentials seen signing calls as principal `arn` or with key `key`, in the window, first used first. */
  credentialsSeen(match: { arn: string } | { key: string }, window: TimeWindow): Promise<CredentialSeen[]>;
  /** The Identity Center portal's credential calls (GetRoleCredentials, Federate) for Identity Center user `userId`. */
  identityCenterCallsOf(userId: string, window: TimeWindow): Promise<TrailEvent[]>;
  /** Sessions signing calls under an ARN starting with `prefix`, created between the two times, with their first call. */
  sessionsSeen(prefix: string, createdFrom: string, createdTo: string): Promise<{ principalId: string; createdAt: string; arn: string | null; firstEventId: string }[]>;
  /**
   * The eventIDs of the stored copies of the STS calls with these sharedEventIDs, by sharedEventID;
   * `where`, when known, is where and when the other copies are logged (the role's or the caller's
   * account, minutes around the calls).
   */
  sharedEventCopies(sharedEventIds: string[], where?: { accounts: string[]; from: string; to: string }): Promise<Map<string, string[]>>;
  /** One stored event. */
  eventById(eventId: string): Promise<TrailEvent | undefined>;
  /** Calls that minted sessions whose ARN starts with `prefix` (a role's sessions), in the window. */
  sessionsOfRole(prefix: string, window: TimeWindow): Promise<TrailEvent[]>;
  /** Successful earlier calls `names` of `source` in `accountId` before `before`, latest first, with their records. */
  earlierCalls(source: string, names: string[], accountId: string, before: string): Promise<{ event: TrailEvent; record: unknown }[]>;
}
