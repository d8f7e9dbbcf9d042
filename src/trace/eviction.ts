// The eviction checklist of a scope: ordered, concrete steps with the AWS CLI command that does each,
// every value shell-quoted (src/text/shell.ts) and given as --option=value, so a value that starts
// with "-" is never read as an option (as the catalogue's undo commands, catalogue.ts). Printed, never run: a responder reads each before
// running it, in the account it names. Pure.
//
// Order (the issue "Scope the incident"): deactivate the long-term keys, revoke the sessions, delete
// what the credentials created, restore what they changed, turn logging and detection back on.

import { parseArn, parseAssumedRoleArn } from './arn.js';
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

/** The command line, or null when a value holds NUL, which no command argument can (shell.ts). */
function command(argv: string[]): string | null {
  return argv.some((a) => a.includes('\0')) ? null : shellCommand(argv);
}

function isRoot(arn: string | null): boolean {
  return parseArn(arn ?? undefined)?.resource === 'root';
}

function deactivateKeys(credentials: ScopeCredential[]): Draft[] {
  return credentials
    .filter((c) => c.kind === 'long-term-key' && c.accessKeyId)
    .map((c): Draft => {
      const where = c.accountId ? ` in account ${c.accountId}` : '';
      if (isRoot(c.arn)) {
        return {
          action: 'delete-root-access-key', target: c.accessKeyId!, credentials: [c.id],
          why: `root access key${where}: root keys are deleted, not deactivated, signed in as the root user; then change the root password and MFA`,
          command: command(['aws', 'iam', 'delete-access-key', `--access-key-id=${c.accessKeyId!}`]),
        };
      }
      const made = c.parent ? `, made by ${c.parent}` : '';
      return {
        action: 'deactivate-access-key', target: c.accessKeyId!, credentials: [c.id],
        why: `long-term key of IAM user ${c.userName ?? '?'}${where}${made}: deactivated, it signs nothing more and can be deleted once nothing legitimate needs it`,
        command: c.userName
          ? command(['aws', 'iam', 'update-access-key', `--user-name=${c.userName}`, `--access-key-id=${c.accessKeyId!}`, '--status=Inactive'])
          : null,
      };
    });
}

/** One second after the latest issue time: a Deny on older tokens cuts every session the scope saw. */
function cutoffAfter(times: string[]): string {
  return formatIso(Math.max(...times.map(toMs)) + SECOND);
}

function revokeSessions(credentials: ScopeCredential[]): Draft[] {
  const byRole = new Map<string, { partition: string; account: string; role: string; creds: ScopeCredential[] }>();
  const byUser = new Map<string, { partition: string; account: string; user: string; creds: ScopeCredential[] }>();
  const steps: Draft[] = [];
  for (const c of credentials) {
    if (c.kind === 'long-term-key' || !c.createdAt) continue;
    const role = parseAssumedRoleArn(c.arn);
    if (role && c.accountId) {
      const key = `${c.accountId} ${role.roleName}`;
      const entry = byRole.get(key) ?? { partition: parseArn(c.arn ?? undefined)?.partition ?? 'aws', account: c.accountId, role: role.roleName, creds: [] };
      entry.creds.push(c);
      byRole.set(key, entry);
    } else if (c.kind === 'root-session' || isRoot(c.arn)) {
      steps.push({
        action: 'revoke-root-sessions', target: c.arn ?? c.accountId ?? c.id, credentials: [c.id],
        why: `root session${c.accountId ? ` of account ${c.accountId}` : ''}: no policy revokes it; AssumeRoot sessions end within 15 minutes, console sessions at sign-out: change the root password`,
        command: null,
      });
    } else if (c.userName && c.accountId) {
      const key = `${c.accountId} ${c.userName}`;
      const entry = byUser.get(key) ?? { partition: parseArn(c.arn ?? undefined)?.partition ?? 'aws', account: c.accountId, user: c.userName, creds: [] };
      entry.creds.push(c);
      byUser.set(key, entry);
    } else {
      steps.push({
        action: 'revoke-session', target: c.arn ?? c.accessKeyId ?? c.id, credentials: [c.id],
        why: `${c.kind} whose role or user the logs do not name: revoke it from the principal that owns it`,
        command: null,
      });
    }
  }
  for (const { partition, account, role, creds } of byRole.values()) {
    const cutoff = cutoffAfter(creds.map((c) => c.createdAt!));
    steps.push({
      action: 'revoke-role-sessions', target: `arn:${partition}:iam::${account}:role/${role}`, credentials: creds.map((c) => c.id),
      why: `denies role ${role} in account ${account} to every session issued before ${cutoff} (the scope's ${creds.length} session${creds.length === 1 ? '' : 's'} of it, and any other of that time), as the console's "Revoke active sessions" does; run later, use the current time to cut sessions minted since`,
      command: command(['aws', 'iam', 'put-role-policy', `--role-name=${role}`, `--policy-name=${REVOKE_POLICY_NAME}`, `--policy-document=${revokePolicy(cutoff)}`]),
    });
  }
  for (const { partition, account, user, creds } of byUser.values()) {
    const cutoff = cutoffAfter(creds.map((c) => c.createdAt!));
    steps.push({
      action: 'revoke-user-sessions', target: `arn:${partition}:iam::${account}:user/${user}`, credentials: creds.map((c) => c.id),
      why: `IAM user ${user}'s sessions (${[...new Set(creds.map((c) => c.kind))].join(', ')}) outlive its deactivated keys; this denies every one issued before ${cutoff}`,
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

function changeStep(c: ScopeChange): Draft {
  return {
    action: c.undo!.action,
    target: c.resource.arn ?? c.resource.id ?? c.call,
    why: `${c.call} ${c.eventId} by ${c.by} at ${c.eventTime}${c.accountId ? ` in account ${c.accountId}` : ''}: ${c.meaning}${c.undo!.note ? ` ${c.undo!.note}` : ''}`,
    command: c.undo!.command,
    credentials: [c.by],
    eventIds: [c.eventId],
  };
}

export function evictionSteps(credentials: ScopeCredential[], changes: ScopeChange[]): EvictionStep[] {
  const undoable = changes.filter((c) => c.succeeded && c.undo);
  const rank = (c: ScopeChange) => {
    const i = DELETE_ORDER.indexOf(c.undo!.action);
    return i === -1 ? DELETE_ORDER.length : i;
  };
  const deletions = undoable.filter(isDeletion).sort((a, b) => rank(a) - rank(b) || a.eventTime.localeCompare(b.eventTime));
  const evasion = undoable.filter((c) => c.tactic === 'defense-evasion');
  // Restored newest first: each undo puts back what was there just before it.
  const restores = undoable.filter((c) => !isDeletion(c) && c.tactic !== 'defense-evasion').reverse();
  const drafts = [
    ...deactivateKeys(credentials),
    ...revokeSessions(credentials),
    ...deletions.map(changeStep),
    ...restores.map(changeStep),
    ...[...evasion].reverse().map(changeStep),
  ];
  return drafts.map((d, i) => ({ step: i + 1, ...d }));
}
