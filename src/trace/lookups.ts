// The port through which the pure tracer asks for candidate events. The store answers it from
// DuckDB; tests answer it from arrays (test/trace/memory-lookups.ts). Answers are candidates only:
// the tracer re-checks every rule (window, account, partition) itself.

import type { TrailEvent } from './model.js';

export interface TimeWindow {
  /** ISO 8601 UTC, inclusive. */
  from: string;
  /** ISO 8601 UTC, inclusive. */
  to: string;
}

/**
 * Where the answer to a lookup is logged, as far as the tracer can tell: the accounts and regions
 * whose logs hold it and the time of its events. The store ignores it (it answers from all it
 * holds); the layer that fetches missing logs from where they live (src/app/fetching-lookups.ts)
 * asks only there. Null accounts or regions: any.
 */
export interface Whereabouts {
  accounts: string[] | null;
  regions: string[] | null;
  window: TimeWindow;
  /** The answer's event names, when known. */
  eventNames?: string[];
  /** Strings one of which the answer's response holds (a session's key, principal id, ARN). */
  mentions?: string[];
  /** Accounts is null because the answer is in the organisation's management account (AssumeRoot), which the records do not name. */
  inManagementAccount?: true;
}

export interface TraceLookups {
  /** Successful issuing events whose response carried this access key id (tier 1, spec §4.2). */
  issuancesByAccessKey(accessKeyId: string, where?: Whereabouts): Promise<TrailEvent[]>;
  /** Successful issuing events that minted this principal id (`AROA…:session`, `ACCT:name`), in the window (tier 2). */
  issuancesByPrincipalId(principalId: string, window: TimeWindow, where?: Whereabouts): Promise<TrailEvent[]>;
  /** Successful issuing events that minted this session ARN, in the window (tier 3, spec §4.4). */
  issuancesByArn(arn: string, window: TimeWindow, where?: Whereabouts): Promise<TrailEvent[]>;
  /** AssumeRoot calls targeting this account, in the window (spec §3.6). */
  assumeRootsForAccount(accountId: string, window: TimeWindow): Promise<TrailEvent[]>;
  /** Every copy of one logical call logged in several accounts (spec §4.6). */
  copiesOfSharedEvent(sharedEventId: string, where?: Whereabouts): Promise<TrailEvent[]>;
  /** Sign-in events (`ConsoleLogin`, `SwitchRole`, …) by this principal ARN in the window (spec §3.8). */
  signInEvents(window: TimeWindow, arn?: string): Promise<TrailEvent[]>;
  /** Identity Center `GetRoleCredentials`/`Federate` events for this target account in the window (spec §3.7). */
  identityCenterCredentialEvents(targetAccountId: string, window: TimeWindow): Promise<TrailEvent[]>;
  /** AWS MCP Server tool calls (AwsMcpEvent) in the window: the agent's side of calls made through it. */
  mcpToolCalls(window: TimeWindow, where?: Whereabouts): Promise<TrailEvent[]>;
  /** Successful iam:CreateAccessKey calls that made this long-term key, at or before `before` (a key's creation is one more hop). */
  accessKeyCreations(accessKeyId: string, before: string, where?: Whereabouts): Promise<TrailEvent[]>;
  /** Successful calls that set the console password of IAM user `userName` of this account in the window. */
  passwordChanges(accountId: string, userName: string, window: TimeWindow, where?: Whereabouts): Promise<TrailEvent[]>;
  /**
   * Where and how credentials were used: the stored calls signed with one of `accessKeys`, or
   * carrying one of `sessions` (principal id + creation time), one row per credential and context
   * (source IP, user agent, VPC endpoint), all of them; and the calls made under one of `arns` by
   * any credential, one row per ARN and context (scope 'arn', credential fields null).
   */
  credentialUsage(request: UsageRequest, where?: Whereabouts): Promise<UsageRow[]>;
  /**
   * Who a person is that called from these source IPs: IAM users, root, Identity Center and SAML
   * users and their role sessions, other than under `exceptArns`; most calls first, a few per address.
   */
  addressUsers(ips: string[], exceptArns: string[], where?: Whereabouts): Promise<AddressUser[]>;
}

export interface UsageRequest {
  accessKeys: string[];
  sessions: { principalId: string; createdAt: string }[];
  arns: string[];
}

/** Calls of one credential (scope 'credential'), or of all credentials under one ARN (scope 'arn'), from one context. */
export interface UsageRow {
  scope: 'credential' | 'arn';
  accessKeyId: string | null;
  principalId: string | null;
  /** sessionContext.attributes.creationDate, ISO 8601 UTC. */
  createdAt: string | null;
  arn: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  vpcEndpointId: string | null;
  calls: number;
  /** ISO 8601 UTC of the first and last call, and the first call's eventID. */
  first: string;
  last: string;
  firstEventId: string;
}

/** An identity that made calls from an address. */
export interface AddressUser {
  ip: string;
  identityType: string;
  arn: string | null;
  principalId: string | null;
  accessKeyId: string | null;
  calls: number;
  first: string;
}

/** What the store knows about its own contents; used to word gaps and hints. */
export interface StoreCoverage {
  accounts: string[];
  regions: string[];
  /** ISO 8601 UTC of the earliest and latest events, null for an empty store. */
  from: string | null;
  to: string | null;
  events: number;
  /** Where the events were loaded from: what gap hints load a gap from, the way the store was loaded. */
  loadedFrom: LoadedRoot[];
}

/**
 * A place the store's events were loaded from, as the ingest remembered it. Its kind ('local', 's3',
 * 'athena', 'lookup', …) is the ingest's; the source kind of that name (src/sources/kinds) reads
 * its root and words the gap hints for it, so the tracer never needs to know one from another.
 */
export interface LoadedRoot {
  kind: string;
  /** A folder holding AWSLogs/, s3://bucket/prefix, athena://region/catalog/database/table, lookup-events://account… */
  root: string;
  /** The organisation id seen in its keys, when any. */
  orgId: string | null;
  /** The endpoint it was read through, when not AWS's own. */
  endpointUrl: string | null;
}
