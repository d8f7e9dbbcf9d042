// The eviction checklist of a scope: ordered, concrete steps with the AWS CLI command that does each,
// every value shell-quoted (src/text/shell.ts) and given as --option=value, so a value that starts
// with "-" is never read as an option (as the catalogue's undo commands, catalogue.ts). Printed,
// never run: a responder reads each before running it, in the account it names. Pure.
//
// Order (the issue "Scope the incident"): deactivate the long-term keys, revoke the sessions, delete
// what the credentials created, restore what they changed, turn logging and detection back on.
// - A resource changed several times by the scope is restored once, to what it was before the
//   scope's first change of it: restoring each change in turn would put back the attacker's own
//   intermediate documents.
// - The session revocations add an inline policy to users and roles; before deleting one of those,
//   the checklist removes that policy, or IAM refuses the deletion.
// - The same step for several calls (a secret read four times) is one step.

import { parseArn, parseAssumedRoleArn } from './arn.js';
import { cliLoads } from './changes.js';
import type { EvictionStep, ScopeChange, ScopeCredential } from './scope-model.js';
import { formatIso, SECOND, toMs } from './time.js';
import { shellCommand } from '../text/shell.js';

/** The name AWS's console gives the inline policy of "Revoke active sessions". */
export const REVOKE_POLICY_NAME = 'AWSRevokeOlderSessions';

/** The policy that denies every session issued before `cutoff` (aws:TokenIssueTime). */
export function revokePolicy(cutoff: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } } }],
  });
}

type Draft = Omit<EvictionStep, 'step'>;

/**
 * The command line, or null when a value could not be passed as written: NUL, which no command
 * argument can hold (shell.ts), or a value the AWS CLI would load from a file or URL instead.
 */
function command(argv: string[]): string | null {
  if (argv.some((a) => a.includes('\0') || cliLoads(a))) return null;
  return shellCommand(argv);
}

function isRoot(arn: string | null): boolean {
  return parseArn(arn ?? undefined)?.resource === 'root';
}

function deactivateKeys(credentials: ScopeCredential[]): Draft[] {
  return credentials
    .filter((c) => c.kind === 'long-term-key' && c.accessKeyId)
    .map((c): Draft => {
      const where = c.accountId ? ` in account ${c.accountId}` : '';
      const key = c.accessKeyId!;
      if (isRoot(c.arn)) {
        return {
          action: 'deactivate-root-access-key', target: key, credentials: [c.id],
          why: `root access key${where}: run with the root user's credentials (IAM acts on the caller's own key when no user is named); then change the root password and check its MFA`,
          command: command(['aws', 'iam', 'update-access-key', `--access-key-id=${key}`, '--status=Inactive']),
        };
      }
      const made = c.parent ? `, made by ${c.parent}` : '';
      return {
        action: 'deactivate-access-key', target: key, credentials: [c.id],
        why: `long-term key of IAM user ${c.userName ?? '?'}${where}${made}: deactivated, it signs nothing more and can be deleted once nothing legitimate needs it`,
        command: c.userName ? command(['aws', 'iam', 'update-access-key', `--user-name=${c.userName}`, `--access-key-id=${key}`, '--status=Inactive']) : null,
      };
    });
}

/** One second after the latest issue time: a Deny on older tokens cuts every session the scope saw. */
function cutoffAfter(times: string[]): string {
  return formatIso(Math.max(...times.map(toMs)) + SECOND);
}

interface Revoked {
  /** Users and roles that got the revoke policy, as "account user|role name". */
  users: Set<string>;
  roles: Set<string>;
}

function revokeSessions(credentials: ScopeCredential[], revoked: Revoked): Draft[] {
  const byRole = new Map<string, { account: string; role: string; creds: ScopeCredential[] }>();
  const byUser = new Map<string, { account: string; user: string; creds: ScopeCredential[] }>();
  const steps: Draft[] = [];
  for (const c of credentials) {
    if (c.kind === 'long-term-key' || !c.createdAt) continue;
    const role = parseAssumedRoleArn(c.arn);
    if (role && c.accountId) {
      const key = `${c.accountId} ${role.roleName}`;
      const entry = byRole.get(key) ?? { account: c.accountId, role: role.roleName, creds: [] };
      entry.creds.push(c);
      byRole.set(key, entry);
    } else if (c.kind === 'root-session' || isRoot(c.arn)) {
      steps.push({
        action: 'revoke-root-sessions', target: c.arn ?? c.accountId ?? c.id, credentials: [c.id],
        why: `root session${c.accountId ? ` of account ${c.accountId}` : ''}: no policy revokes it; AssumeRoot sessions last at most 15 minutes, and changing the root password ends console sessions`,
        command: null,
      });
    } else if (c.userName && c.accountId) {
      // Session tokens, federation tokens and console sessions of an IAM user: the user's policies bound them.
      const key = `${c.accountId} ${c.userName}`;
      const entry = byUser.get(key) ?? { account: c.accountId, user: c.userName, creds: [] };
      entry.creds.push(c);
      byUser.set(key, entry);
    } else {
      steps.push({
        action: 'revoke-session', target: c.arn ?? c.accessKeyId ?? c.id, credentials: [c.id],
        why: `${c.kind} whose role or IAM user the logs do not name: revoke it from the principal that owns it`,
        command: null,
      });
    }
  }
  for (const { account, role, creds } of byRole.values()) {
    const cutoff = cutoffAfter(creds.map((c) => c.createdAt!));
    const sessions = `the scope's ${creds.length} session${creds.length === 1 ? '' : 's'} of it`;
    const permissionSet = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/.exec(role)?.[1];
    if (permissionSet || role.startsWith('AWSServiceRoleFor')) {
      steps.push({
        action: 'revoke-role-sessions', target: `role ${role} in account ${account}`, credentials: creds.map((c) => c.id),
        why: permissionSet
          ? `Identity Center manages role ${role} (${sessions}) and IAM refuses changes to it: in IAM Identity Center, add a deny on aws:TokenIssueTime before ${cutoff} to permission set ${permissionSet} (an inline policy), or remove the user's assignment to account ${account}`
          : `role ${role} is service-linked (${sessions}) and IAM refuses changes to it: revoke through the service that owns it`,
        command: null,
      });
      continue;
    }
    revoked.roles.add(`${account} ${role}`);
    steps.push({
      action: 'revoke-role-sessions', target: `role ${role} in account ${account}`, credentials: creds.map((c) => c.id),
      why: `denies role ${role} in account ${account} to every session issued before ${cutoff} (${sessions}, and any other of that time), as the console's "Revoke active sessions" does; run later, use the current time to cut sessions minted since`,
      command: command(['aws', 'iam', 'put-role-policy', `--role-name=${role}`, `--policy-name=${REVOKE_POLICY_NAME}`, `--policy-document=${revokePolicy(cutoff)}`]),
    });
  }
  for (const { account, user, creds } of byUser.values()) {
    const cutoff = cutoffAfter(creds.map((c) => c.createdAt!));
    revoked.users.add(`${account} ${user}`);
    steps.push({
      action: 'revoke-user-sessions', target: `user ${user} in account ${account}`, credentials: creds.map((c) => c.id),
      why: `denies IAM user ${user} in account ${account} every session issued before ${cutoff} (${[...new Set(creds.map((c) => c.kind))].join(', ')}): deactivating its keys does not end them`,
      command: command(['aws', 'iam', 'put-user-policy', `--user-name=${user}`, `--policy-name=${REVOKE_POLICY_NAME}`, `--policy-document=${revokePolicy(cutoff)}`]),
    });
  }
  return steps;
}

/** Deletions in the order IAM accepts them: a user's login profile and keys before the user, a role's policies before the role. */
const DELETE_ORDER = [
  'delete-login-profile', 'delete-access-key', 'remove-user-from-group', 'delete-user-policy', 'detach-user-policy', 'delete-user',
  'delete-role-policy', 'detach-role-policy', 'delete-role',
];

function isDeletion(c: ScopeChange): boolean {
  return (c.tactic === 'persistence' || c.tactic === 'privilege-escalation') && !!c.undo && /^(delete|remove|detach)-/.test(c.undo.action);
}

function changeStep(c: ScopeChange, also: ScopeChange[] = []): Draft {
  const all = [c, ...also];
  const more = also.length > 0 ? ` (and ${also.length} more call${also.length === 1 ? '' : 's'} of the scope on it: ${also.map((x) => x.eventId).join(', ')})` : '';
  return {
    action: c.undo!.action,
    target: c.resource.arn ?? c.resource.id ?? c.call,
    why: `${c.call} ${c.eventId} by ${c.by} at ${c.eventTime}${c.accountId ? ` in account ${c.accountId}` : ''}${more}: ${c.meaning}${c.undo!.note ? ` ${c.undo!.note}` : ''}`,
    command: c.undo!.command,
    credentials: [...new Set(all.map((x) => x.by))],
    eventIds: all.map((x) => x.eventId),
  };
}

/**
 * Changes grouped by what they changed (account, resource, the undo that puts it back), oldest
 * first: the first of each group is the one to undo, back to before the scope touched it.
 */
function byResource(changes: ScopeChange[]): { first: ScopeChange; later: ScopeChange[] }[] {
  const groups = new Map<string, { first: ScopeChange; later: ScopeChange[] }>();
  const sorted = [...changes].sort((a, b) => a.eventTime.localeCompare(b.eventTime) || a.eventId.localeCompare(b.eventId));
  for (const c of sorted) {
    const key = c.resource.id === null ? `event ${c.eventId}` : JSON.stringify([c.accountId, c.resource.type, c.resource.id, c.undo!.action]);
    const group = groups.get(key);
    if (group) group.later.push(c);
    else groups.set(key, { first: c, later: [] });
  }
  return [...groups.values()];
}

/** Before deleting a user or role the checklist gave a revoke policy, that policy's removal. */
function withoutRevokePolicy(c: ScopeChange, revoked: Revoked): Draft[] {
  const name = c.resource.id;
  if (!name || !c.accountId) return [];
  const user = c.undo!.action === 'delete-user' && revoked.users.has(`${c.accountId} ${name}`);
  const role = c.undo!.action === 'delete-role' && revoked.roles.has(`${c.accountId} ${name}`);
  if (!user && !role) return [];
  return [{
    action: user ? 'delete-user-policy' : 'delete-role-policy',
    target: `${user ? 'user' : 'role'} ${name} in account ${c.accountId}`,
    why: `the revoke policy ${REVOKE_POLICY_NAME} this checklist added: IAM refuses to delete a ${user ? 'user' : 'role'} that still has an inline policy`,
    command: command(['aws', 'iam', user ? 'delete-user-policy' : 'delete-role-policy', `--${user ? 'user' : 'role'}-name=${name}`, `--policy-name=${REVOKE_POLICY_NAME}`]),
    credentials: [c.by],
    eventIds: [c.eventId],
  }];
}

/** The same step twice (a secret read four times: one rotation) is one step. */
function merged(drafts: Draft[]): Draft[] {
  const out: Draft[] = [];
  for (const d of drafts) {
    const twin = out.find((o) => o.action === d.action && (d.command !== null ? o.command === d.command : o.command === null && o.target === d.target));
    if (!twin) {
      out.push(d);
      continue;
    }
    twin.credentials = [...new Set([...(twin.credentials ?? []), ...(d.credentials ?? [])])];
    twin.eventIds = [...new Set([...(twin.eventIds ?? []), ...(d.eventIds ?? [])])];
  }
  return out;
}

export function evictionSteps(credentials: ScopeCredential[], changes: ScopeChange[]): EvictionStep[] {
  const undoable = changes.filter((c) => c.succeeded && c.undo);
  const rank = (c: ScopeChange) => {
    const i = DELETE_ORDER.indexOf(c.undo!.action);
    return i === -1 ? DELETE_ORDER.length : i;
  };
  const revoked: Revoked = { users: new Set(), roles: new Set() };
  const keys = deactivateKeys(credentials);
  const sessions = revokeSessions(credentials, revoked);
  const deletions = undoable.filter(isDeletion).sort((a, b) => rank(a) - rank(b) || a.eventTime.localeCompare(b.eventTime));
  const restores = byResource(undoable.filter((c) => !isDeletion(c)));
  // Restored newest first, each to before the scope's first change of it; logging and detection last.
  const changed = restores.filter((g) => g.first.tactic !== 'defense-evasion').reverse();
  const evasion = restores.filter((g) => g.first.tactic === 'defense-evasion').reverse();
  const drafts = merged([
    ...keys,
    ...sessions,
    ...deletions.flatMap((c) => [...withoutRevokePolicy(c, revoked), changeStep(c)]),
    ...changed.map((g) => changeStep(g.first, g.later)),
    ...evasion.map((g) => changeStep(g.first, g.later)),
  ]);
  return drafts.map((d, i) => ({ step: i + 1, ...d }));
}
