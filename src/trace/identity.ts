// Facts about a caller that every view words the same way.

/** The principal and account values CloudTrail writes for a request made with no credentials at all. */
const ANONYMOUS = new Set(['Anonymous', 'ANONYMOUS_PRINCIPAL']);

/**
 * Whether the request was made anonymously, with no credentials: S3 logs an unauthenticated read
 * of a public object as `{"type":"AWSAccount","principalId":"","accountId":"ANONYMOUS_PRINCIPAL"}`
 * (flaws2.cloud's public logs; the Macie Classic guide shows the same), and some services as
 * `{"type":"Unknown","principalId":"Anonymous"}` (spec §2.5).
 */
export function isAnonymous(id: { principalId?: string | null; accountId?: string | null }): boolean {
  return ANONYMOUS.has(id.principalId ?? '') || ANONYMOUS.has(id.accountId ?? '');
}

/** How the views say it. */
export const ANONYMOUS_WORDS = 'anonymous: the request was made without credentials (unauthenticated)';

/** The value the record logged that says so: "ANONYMOUS_PRINCIPAL", "Anonymous". */
export function anonymousMarker(id: { principalId?: string | null; accountId?: string | null }): string | null {
  return [id.principalId, id.accountId].find((v) => ANONYMOUS.has(v ?? '')) ?? null;
}
