// One raw CloudTrail record → one TrailEvent. The only place that knows the record's JSON shape
// (spec §1.2, §2, §3). Tolerant: any field may be missing, null, empty or of the wrong type.

import type { Identity, Issuance, RecordLocation, TrailEvent } from './model.js';
import { parseExpiration, parseIsoTime } from './time.js';

type Json = Record<string, unknown>;

export type RecordProblem = 'not-an-object' | 'not-cloudtrail' | 'missing-event-id' | 'event-id-not-text' | 'missing-event-time';

export type NormalizeResult =
  | { ok: true; event: TrailEvent }
  | { ok: false; problem: RecordProblem; detail: string };

/** The STS calls whose response carries new credentials (spec §3.0, §4.1). */
export const ISSUING_EVENT_NAMES = new Set([
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'GetSessionToken',
  'GetFederationToken',
  'AssumeRoot',
]);

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** Booleans arrive as JSON booleans or as the strings "true"/"false" (spec §1.2). */
function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.toLowerCase();
    if (v === 'true' || v === 'yes') return true;
    if (v === 'false' || v === 'no') return false;
  }
  return undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** "", "Unknown" and doc placeholders are not keys (spec §4.8 #9). */
function accessKey(value: unknown): string | undefined {
  const v = str(value);
  if (!v || v === 'Unknown') return undefined;
  return v;
}

function prune<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

export function identityOf(raw: unknown): Identity {
  const ui = obj(raw) ?? {};
  const ctx = obj(ui.sessionContext) ?? {};
  const issuer = obj(ctx.sessionIssuer) ?? {};
  const attrs = obj(ctx.attributes) ?? {};
  const onBehalfOf = obj(ui.onBehalfOf) ?? {};
  const inScopeOf = obj(ui.inScopeOf) ?? {};
  return prune({
    type: str(ui.type) ?? 'None',
    arn: str(ui.arn),
    principalId: str(ui.principalId),
    accountId: str(ui.accountId),
    accessKeyId: accessKey(ui.accessKeyId),
    userName: str(ui.userName),
    invokedBy: str(ui.invokedBy),
    identityProvider: str(ui.identityProvider),
    sessionIssuerArn: str(issuer.arn),
    sessionIssuerType: str(issuer.type),
    sessionIssuerUserName: str(issuer.userName),
    creationDate: parseIsoTime(str(attrs.creationDate)),
    mfaAuthenticated: bool(attrs.mfaAuthenticated),
    sourceIdentity: str(ctx.sourceIdentity),
    onBehalfOfUserId: str(onBehalfOf.userId),
    identityStoreArn: str(onBehalfOf.identityStoreArn),
    credentialsIssuedTo: str(inScopeOf.credentialsIssuedTo),
    ec2RoleDelivery: str(ctx.ec2RoleDelivery),
    credentialId: str(ui.credentialId),
    signInSessionArn: str(ctx.signInSessionArn),
  });
}

/**
 * An AWS MCP Server tool call (`eventType: AwsMcpEvent`, `eventSource: aws-mcp.amazonaws.com`,
 * `CallReadWriteTool`): the tool (`requestParameters.params.name`) and the API calls it made
 * (`additionalEventData.downstreamRequests[].requestId`, each the `requestID` of the API call's
 * record). Real captures: engseclabs/trailtool aws_mcp_agent_session.json (2026-07),
 * adletgamer/AvisoAndino docs/proof/cloudtrail-mcp-2026-09-28.json; AWS Agent Toolkit guide,
 * "Logging AWS MCP Server API calls using AWS CloudTrail" shows an older shape (CallTool,
 * mcpEventDetails), read the same way where it has the fields.
 */
function mcpToolCallOf(record: Json, eventSource: string, eventType: string | undefined): TrailEvent['mcpToolCall'] {
  if (eventType !== 'AwsMcpEvent' && !eventSource.startsWith('aws-mcp')) return undefined;
  const downstream = obj(record.additionalEventData)?.downstreamRequests;
  const requestIds = Array.isArray(downstream) ? downstream.map((d) => str(obj(d)?.requestId)).filter((id): id is string => id !== undefined) : [];
  const params = obj(obj(record.requestParameters)?.params);
  return prune({ tool: str(params?.name) ?? str(obj(record.requestParameters)?.method), downstreamRequestIds: requestIds });
}

/**
 * signin:AuthorizeOAuth2Access / CreateOAuth2Token: an OAuth grant of a console session, to the
 * AWS CLI (`aws login`, client_id `arn:aws:signin:::devtools/…`; AWS Security Blog, "Simplified
 * developer access to AWS with 'aws login'", 2025-11) or to an MCP client (`requestParameters.
 * resource` https://aws-mcp.<region>.api.aws/mcp, `additionalEventData.signInSessionArn`; AWS
 * Sign-In User Guide, "AWS MCP Server").
 */
function oauthGrantOf(record: Json, eventSource: string, eventName: string): TrailEvent['oauthGrant'] {
  if (eventSource !== 'signin.amazonaws.com' || (eventName !== 'CreateOAuth2Token' && eventName !== 'AuthorizeOAuth2Access')) return undefined;
  const req = obj(record.requestParameters) ?? {};
  const extra = obj(record.additionalEventData) ?? {};
  return prune({
    clientId: str(req.client_id) ?? str(req.clientId),
    resource: str(req.resource),
    signInSessionArn: str(extra.signInSessionArn) ?? str(obj(obj(record.userIdentity)?.sessionContext)?.signInSessionArn),
    grantType: str(extra.grant_type),
  });
}

function tagsOf(req: Json): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const tags = req.tags;
  if (Array.isArray(tags)) {
    for (const t of tags) {
      const tag = obj(t);
      const key = str(tag?.key ?? tag?.Key);
      const value = str(tag?.value ?? tag?.Value);
      if (key && value !== undefined) out[key] = value;
    }
  }
  const principalTags = obj(req.principalTags);
  if (principalTags) for (const [k, v] of Object.entries(principalTags)) if (str(v)) out[k] = str(v)!;
  return Object.keys(out).length > 0 ? out : undefined;
}

function issuanceOf(record: Json, eventName: string): Issuance | undefined {
  if (!ISSUING_EVENT_NAMES.has(eventName) || str(record.errorCode)) return undefined;
  const req = obj(record.requestParameters) ?? {};
  const resp = obj(record.responseElements) ?? {};
  const creds = obj(resp.credentials) ?? {};
  const roleUser = obj(resp.assumedRoleUser) ?? obj(resp.federatedUser) ?? {};
  const expirationRaw = str(creds.expiration);
  const targetPrincipal = req.targetPrincipal;
  return prune({
    accessKeyId: accessKey(creds.accessKeyId),
    principalId: str(roleUser.assumedRoleId) ?? str(roleUser.federatedUserId),
    arn: str(roleUser.arn),
    expirationRaw,
    expiresAt: parseExpiration(expirationRaw),
    roleArn: str(req.roleArn),
    roleSessionName: str(req.roleSessionName) ?? str(req.name),
    durationSeconds: num(req.durationSeconds),
    sourceIdentity: str(resp.sourceIdentity) ?? str(req.sourceIdentity),
    targetPrincipal: str(targetPrincipal),
    mfaSerial: str(req.serialNumber),
    subject: str(resp.subject) ?? str(resp.subjectFromWebIdentityToken),
    issuer: str(resp.issuer) ?? str(resp.provider),
    audience: str(resp.audience),
    nameQualifier: str(resp.nameQualifier),
    tags: tagsOf(req),
  });
}

/**
 * iam:CreateAccessKey made a long-term key: `responseElements.accessKey.accessKeyId` (the secret is
 * never logged) for `accessKey.userName`, or the caller when the request named no user (the
 * stratus-red-team iam-backdoor-user detonation logs).
 */
function keyCreationOf(record: Json, eventSource: string, eventName: string): TrailEvent['keyCreation'] {
  if (eventSource !== 'iam.amazonaws.com' || eventName !== 'CreateAccessKey' || str(record.errorCode)) return undefined;
  const key = obj(obj(record.responseElements)?.accessKey);
  const accessKeyId = accessKey(key?.accessKeyId);
  if (!accessKeyId) return undefined;
  return prune({ accessKeyId, userName: str(key?.userName) ?? str(obj(record.requestParameters)?.userName) ?? str(obj(record.userIdentity)?.userName) });
}

/** Calls that set an IAM user's console password: for `requestParameters.userName`, or the caller's own (ChangePassword). */
const PASSWORD_SETTERS = new Set(['CreateLoginProfile', 'UpdateLoginProfile', 'ChangePassword']);

function passwordSetOf(record: Json, eventSource: string, eventName: string): TrailEvent['passwordSet'] {
  if (eventSource !== 'iam.amazonaws.com' || !PASSWORD_SETTERS.has(eventName) || str(record.errorCode)) return undefined;
  const userName = eventName === 'ChangePassword' ? str(obj(record.userIdentity)?.userName) : str(obj(record.requestParameters)?.userName);
  return prune({ userName });
}

/** True when the record looks like a CloudTrail event at all. */
function looksLikeCloudTrail(record: Json): boolean {
  return (
    'eventVersion' in record ||
    'userIdentity' in record ||
    ('eventSource' in record && 'eventName' in record) ||
    ('eventID' in record && 'eventTime' in record)
  );
}

/**
 * CloudTrail writes eventID as a string (a UUID). A number, an object, a list or a boolean (or one
 * of those written as text, which is how the SQL reader sees them: queries/ingest/extract-events.sql)
 * is a record no lookup could find.
 */
export function eventIdNotText(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'string') return true;
  return /^(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?|[{[].*|true|false)$/s.test(value);
}

/** Normalizes one raw record. Never throws. */
export function toTrailEvent(raw: unknown, location?: RecordLocation): NormalizeResult {
  const record = obj(raw);
  if (!record) return { ok: false, problem: 'not-an-object', detail: `a ${Array.isArray(raw) ? 'array' : typeof raw}, not a record` };
  if (!looksLikeCloudTrail(record)) {
    return { ok: false, problem: 'not-cloudtrail', detail: `no CloudTrail fields (keys: ${Object.keys(record).slice(0, 5).join(', ') || 'none'})` };
  }
  if (eventIdNotText(record.eventID)) {
    return { ok: false, problem: 'event-id-not-text', detail: `eventID is ${typeof record.eventID === 'string' ? 'a number or JSON written as text' : `a ${Array.isArray(record.eventID) ? 'list' : typeof record.eventID}`}` };
  }
  const eventId = str(record.eventID);
  if (!eventId) return { ok: false, problem: 'missing-event-id', detail: 'record has no eventID' };
  const eventTime = parseIsoTime(str(record.eventTime));
  if (!eventTime) return { ok: false, problem: 'missing-event-time', detail: `record ${eventId} has no valid eventTime` };

  const eventName = str(record.eventName) ?? '';
  const eventSource = str(record.eventSource) ?? '';
  const additional = obj(record.additionalEventData) ?? {};
  const resp = obj(record.responseElements) ?? {};
  const sed = obj(record.serviceEventDetails) ?? {};

  const event: TrailEvent = prune({
    eventId,
    eventTime,
    eventSource,
    eventName,
    eventType: str(record.eventType),
    region: str(record.awsRegion),
    recipientAccountId: str(record.recipientAccountId),
    errorCode: str(record.errorCode),
    errorMessage: str(record.errorMessage),
    sourceIPAddress: str(record.sourceIPAddress),
    userAgent: str(record.userAgent),
    sharedEventId: str(record.sharedEventID),
    requestId: str(record.requestID),
    vpcEndpointId: str(record.vpcEndpointId),
    readOnly: bool(record.readOnly),
    identity: identityOf(record.userIdentity),
    issuance: eventSource === 'sts.amazonaws.com' ? issuanceOf(record, eventName) : undefined,
    signIn:
      eventSource === 'signin.amazonaws.com'
        ? prune({
            switchFrom: str(additional.SwitchFrom),
            mfaUsed: bool(additional.MFAUsed),
            result: str(resp.ConsoleLogin) ?? str(resp.SwitchRole),
          })
        : undefined,
    keyCreation: keyCreationOf(record, eventSource, eventName),
    mcpToolCall: mcpToolCallOf(record, eventSource, str(record.eventType)),
    oauthGrant: oauthGrantOf(record, eventSource, eventName),
    passwordSet: passwordSetOf(record, eventSource, eventName),
    identityCenter:
      str(sed.role_name) || str(sed.account_id)
        ? prune({ roleName: str(sed.role_name), accountId: str(sed.account_id) })
        : undefined,
    location,
  });
  return { ok: true, event };
}

/** True for a successful credential-issuing record (spec §4.1 "issue event"). */
export function isIssuingEvent(event: TrailEvent): boolean {
  return event.issuance !== undefined && event.issuance.accessKeyId !== undefined;
}
