// The narrow questions a trace asks of the places logs live (issue "Trace where the logs live"):
// which accounts, regions and time, and what the records look like. Each source kind turns a
// question into what it can do (an Athena query pruned to partitions, S3 prefixes, LookupEvents
// calls); the store remembers which were asked, so none is asked twice. Pure.

import { accountOf } from '../trace/arn.js';
import { createHash } from 'node:crypto';
import type { TimeWindow, UsageRequest, Whereabouts } from '../trace/lookups.js';
import { ISSUING_EVENT_NAMES } from '../trace/record.js';

/** One way records can match: every field given must hold (values within a field: any of them). */
export interface Match {
  eventIds?: string[];
  sharedEventIds?: string[];
  eventSources?: string[];
  eventNames?: string[];
  eventTypes?: string[];
  /** One of these strings appears in responseElements. */
  inResponse?: string[];
  /** One of these strings appears in requestParameters. */
  inRequest?: string[];
  /** userIdentity.accessKeyId, principalId, arn. */
  accessKeyIds?: string[];
  principalIds?: string[];
  arns?: string[];
  sourceIps?: string[];
}

export interface Question {
  /** What the trace wants, in words: shown before the fetch and kept with its answer. */
  what: string;
  /** Accounts and regions whose logs can hold the answer; null for any. */
  accounts: string[] | null;
  /**
   * Why accounts is null when the answer is in one account the records do not name: the
   * organisation's management account (or a delegated administrator: AssumeRoot, Identity
   * Center). A source told those accounts (`source add … --management-accounts`) asks only them.
   */
  inManagementAccount?: true;
  regions: string[] | null;
  /** The events' times, ISO 8601 UTC, inclusive. */
  window: TimeWindow;
  /** Records match when any of these does. */
  match: Match[];
}

const sortedSet = (values: string[] | null): string[] | null => (values ? [...new Set(values)].sort() : null);

function canonicalMatch(m: Match): Match {
  return Object.fromEntries(
    Object.entries(m)
      .filter(([, v]) => Array.isArray(v) && v.length > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, sortedSet(v as string[])]),
  ) as Match;
}

/** The same question however it was built: sorted, duplicates and empty fields dropped (the wording aside). */
export function canonical(q: Question): Omit<Question, 'what'> {
  return {
    accounts: sortedSet(q.accounts),
    regions: sortedSet(q.regions),
    window: { from: q.window.from, to: q.window.to },
    match: q.match.map(canonicalMatch).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  };
}

/** A stable key for remembering that a source was asked this question. */
export function questionKey(q: Question): string {
  return createHash('sha256').update(JSON.stringify(canonical(q))).digest('hex').slice(0, 32);
}

const ISSUING = [...ISSUING_EVENT_NAMES].sort();
const whereOf = (where: Whereabouts) => ({
  accounts: where.accounts, regions: where.regions, window: where.window, ...(where.inManagementAccount ? { inManagementAccount: true as const } : {}),
});

/** The questions behind the tracer's lookups (src/trace/lookups.ts), from what it knows of where the answer is logged. */
export const questions = {
  eventById(eventId: string, where: Whereabouts): Question {
    return { what: `the event ${eventId}`, ...whereOf(where), match: [{ eventIds: [eventId] }] };
  },

  /**
   * The STS call that minted a session: one question for all three link tiers (key, principal id and
   * creation, session ARN), so a session costs one fetch whichever tier finds it.
   */
  issuance(what: string, where: Whereabouts): Question {
    return {
      what,
      ...whereOf(where),
      match: [{ eventSources: ['sts.amazonaws.com'], eventNames: ISSUING, ...(where.mentions?.length ? { inResponse: where.mentions } : {}) }],
    };
  },

  assumeRoots(account: string, window: TimeWindow): Question {
    // Logged in the management account (or a delegated administrator), which the records do not name.
    return {
      what: `AssumeRoot calls targeting account ${account}`, accounts: null, inManagementAccount: true, regions: null, window,
      match: [{ eventNames: ['AssumeRoot'], inRequest: [account] }],
    };
  },

  copies(sharedEventId: string, where: Whereabouts): Question {
    return { what: `the caller's copy of the call with sharedEventID ${sharedEventId}`, ...whereOf(where), match: [{ sharedEventIds: [sharedEventId], ...(where.eventNames?.length ? { eventNames: where.eventNames } : {}) }] };
  },

  signIns(window: TimeWindow, arn: string | undefined): Question {
    const account = accountOf(arn);
    return {
      what: `console sign-ins${arn ? ` of ${arn}` : ''}`,
      accounts: account ? [account] : null,
      regions: null,
      window,
      match: [{ eventSources: ['signin.amazonaws.com'], ...(arn ? { arns: [arn] } : {}) }],
    };
  },

  identityCenter(targetAccount: string, window: TimeWindow): Question {
    // Logged in the Identity Center account, which the member account's records do not name.
    return {
      what: `Identity Center credentials handed out for account ${targetAccount}`,
      accounts: null,
      inManagementAccount: true,
      regions: null,
      window,
      match: [{ eventSources: ['sso.amazonaws.com'], eventNames: ['Federate', 'GetRoleCredentials'] }],
    };
  },

  mcpToolCalls(where: Whereabouts): Question {
    return { what: 'AWS MCP Server tool calls', ...whereOf(where), match: [{ eventTypes: ['AwsMcpEvent'] }, { eventSources: ['aws-mcp.amazonaws.com'] }] };
  },

  keyCreation(accessKeyId: string, where: Whereabouts): Question {
    return { what: `the CreateAccessKey that made ${accessKeyId}`, ...whereOf(where), match: [{ eventNames: ['CreateAccessKey'], inResponse: [accessKeyId] }] };
  },

  passwordChanges(account: string, userName: string, where: Whereabouts): Question {
    return {
      what: `password changes of IAM user ${userName} in ${account}`,
      ...whereOf(where),
      match: [{ eventSources: ['iam.amazonaws.com'], eventNames: ['ChangePassword', 'CreateLoginProfile', 'UpdateLoginProfile'] }],
    };
  },

  usage(request: UsageRequest, where: Whereabouts, what = 'the calls made with the chain\'s credentials'): Question {
    const match: Match[] = [];
    if (request.accessKeys.length) match.push({ accessKeyIds: request.accessKeys });
    if (request.sessions.length) match.push({ principalIds: request.sessions.map((s) => s.principalId) });
    if (request.arns.length) match.push({ arns: request.arns });
    return { what, ...whereOf(where), match };
  },

  addressUsers(ips: string[], where: Whereabouts): Question {
    return { what: `who else called from ${ips.join(', ')}`, ...whereOf(where), match: [{ sourceIps: ips }] };
  },
};
