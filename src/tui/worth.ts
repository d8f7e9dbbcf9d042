// The start screen's "worth tracing" list: kinds of events a responder traces first, as
// queries/tui/worth-tracing.sql groups them, with why each matters in words.

import { sensitiveReason } from '../trace/sensitive.js';

export type WorthKind = 'logging' | 'access-key' | 'iam' | 'console-no-mfa' | 'cross-account' | 'denied-burst';

/** One group of like events: same kind, call, caller and account. */
export interface WorthTracing {
  kind: WorthKind;
  /** Why it is worth a look, in a few words: "CloudTrail logging stopped". */
  why: string;
  /** null for an access-denied burst, which mixes calls. */
  eventSource: string | null;
  eventName: string | null;
  /** The caller's ARN (or principal id, or identity type). */
  caller: string | null;
  accountId: string | null;
  region: string | null;
  events: number;
  firstTime: string;
  lastTime: string;
  /** The latest event of the group: the one to trace. */
  eventId: string;
  /** How many groups of this kind the store holds (more than are listed when the list is capped). */
  ofKind: number;
}

export interface WorthRow extends Record<string, unknown> {
  kind: WorthKind;
  event_source: string | null;
  event_name: string | null;
  caller: string | null;
  account_id: string | null;
  region: string | null;
  events: bigint;
  first_time: string;
  last_time: string;
  event_id: string;
  of_kind: bigint;
}

/** Short labels for the start screen's kind column. */
export const WORTH_LABEL: Readonly<Record<WorthKind, string>> = {
  'logging': 'logging',
  'access-key': 'new key',
  'iam': 'IAM change',
  'console-no-mfa': 'no-MFA login',
  'cross-account': 'cross-account',
  'denied-burst': 'denied burst',
};

function why(row: WorthRow): string {
  if (row.kind === 'cross-account') return 'role assumed from another account';
  if (row.kind === 'denied-burst') return `${Number(row.events)} access-denied errors within 10 minutes`;
  const call = { eventSource: row.event_source ?? '', eventName: row.event_name ?? '', readOnly: false, mfaUsed: row.kind === 'console-no-mfa' ? 'No' : null };
  return sensitiveReason(call) ?? 'IAM change';
}

export function worthOf(row: WorthRow): WorthTracing {
  return {
    kind: row.kind,
    why: why(row),
    eventSource: row.event_source,
    eventName: row.event_name,
    caller: row.caller,
    accountId: row.account_id,
    region: row.region,
    events: Number(row.events),
    firstTime: row.first_time,
    lastTime: row.last_time,
    eventId: row.event_id,
    ofKind: Number(row.of_kind),
  };
}
