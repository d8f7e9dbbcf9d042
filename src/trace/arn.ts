// ARN and principal-id helpers (spec §2.3). Never hard-code the `aws` partition.

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export function parseArn(arn: string | undefined | null): ParsedArn | undefined {
  if (!arn || !arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  const [, partition, service, region, accountId] = parts;
  return { partition: partition!, service: service!, region: region!, accountId: accountId!, resource: parts.slice(5).join(':') };
}

export interface AssumedRoleArn {
  partition: string;
  accountId: string;
  roleName: string;
  sessionName: string;
}

/** `arn:<p>:sts::<acct>:assumed-role/<role>/<session>`; names contain no `/` (spec §2.3). */
export function parseAssumedRoleArn(arn: string | undefined | null): AssumedRoleArn | undefined {
  const p = parseArn(arn);
  if (!p || p.service !== 'sts') return undefined;
  const segments = p.resource.split('/');
  if (segments.length !== 3 || segments[0] !== 'assumed-role') return undefined;
  return { partition: p.partition, accountId: p.accountId, roleName: segments[1]!, sessionName: segments[2]! };
}

export function isFederatedUserArn(arn: string | undefined | null): boolean {
  const p = parseArn(arn);
  return !!p && p.service === 'sts' && p.resource.startsWith('federated-user/');
}

/** Account id from an ARN, or the value itself when it is a bare 12-digit account id. */
export function accountOf(arnOrAccount: string | undefined | null): string | undefined {
  if (!arnOrAccount) return undefined;
  if (/^\d{12}$/.test(arnOrAccount)) return arnOrAccount;
  return parseArn(arnOrAccount)?.accountId || undefined;
}

export function partitionOf(arn: string | undefined | null): string | undefined {
  return parseArn(arn)?.partition;
}

/** The session name part of an `AROA…:session` principal id. */
export function sessionNameOfPrincipal(principalId: string | undefined): string | undefined {
  if (!principalId) return undefined;
  const i = principalId.indexOf(':');
  return i >= 0 ? principalId.slice(i + 1) : undefined;
}

/** Long-term keys start with AKIA; temporary STS keys with ASIA (spec §2.1, S7). */
export function isTemporaryKey(key: string | undefined): boolean {
  return !!key && key.startsWith('ASIA');
}
