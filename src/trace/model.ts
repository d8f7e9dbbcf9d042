// The tracer's model: one normalized CloudTrail event (TrailEvent) and the Trace it produces.
// The Trace is the JSON contract in shared/contract/trace-json.md; every view renders it.
// Pure types only.

/** Who made a request, from `userIdentity` (spec §2). Every field may be missing in real logs. */
export interface Identity {
  /** `userIdentity.type`; "None" when the record has no type (spec §2.1). */
  type: string;
  arn?: string;
  principalId?: string;
  accountId?: string;
  /** Empty strings and "Unknown" are dropped (spec §4.8 #9). */
  accessKeyId?: string;
  userName?: string;
  invokedBy?: string;
  identityProvider?: string;
  sessionIssuerArn?: string;
  sessionIssuerType?: string;
  sessionIssuerUserName?: string;
  /** `sessionContext.attributes.creationDate`, normalized to ISO 8601 UTC. */
  creationDate?: string;
  mfaAuthenticated?: boolean;
  sourceIdentity?: string;
  onBehalfOfUserId?: string;
  identityStoreArn?: string;
  /** `inScopeOf.credentialsIssuedTo`: e.g. the Lambda function the session was minted for. */
  credentialsIssuedTo?: string;
  /** "1.0" | "2.0": credentials delivered by EC2 instance metadata. */
  ec2RoleDelivery?: string;
  credentialId?: string;
  /** `sessionContext.signInSessionArn`: the sign-in or OAuth session behind the request (spec §2.4). */
  signInSessionArn?: string;
}

/** What a credential-issuing event minted (spec §4.1 "issue key"). */
export interface Issuance {
  /** `responseElements.credentials.accessKeyId` */
  accessKeyId?: string;
  /** `assumedRoleUser.assumedRoleId` or `federatedUser.federatedUserId` */
  principalId?: string;
  /** `assumedRoleUser.arn` or `federatedUser.arn` */
  arn?: string;
  /** Raw `credentials.expiration` string (not ISO 8601: spec §3.0.1). */
  expirationRaw?: string;
  /** Parsed expiration, ISO 8601 UTC. */
  expiresAt?: string;
  roleArn?: string;
  roleSessionName?: string;
  durationSeconds?: number;
  sourceIdentity?: string;
  /** AssumeRoot `requestParameters.targetPrincipal` (an account id or an ARN). */
  targetPrincipal?: string;
  /** MFA device serial passed to the STS call. */
  mfaSerial?: string;
  /** SAML `subject` / OIDC `subjectFromWebIdentityToken`. */
  subject?: string;
  /** SAML `issuer` / OIDC `provider`. */
  issuer?: string;
  audience?: string;
  nameQualifier?: string;
  /** Session tags passed with the call (`requestParameters.tags`, `principalTags`). */
  tags?: Record<string, string>;
}

/** Where a record was loaded from: a kept file and the record's position in it. */
export interface RecordLocation {
  /** Path or S3 key the record was loaded from. */
  source: string;
  /** 0-based position of the record in its container. */
  index: number;
  /** The store's kept copy of that file (relative to its evidence folder), when read from a store. */
  keptPath?: string;
}

/** One CloudTrail record, normalized once at the edge (src/trace/record.ts). */
export interface TrailEvent {
  eventId: string;
  /** ISO 8601 UTC, second precision as logged. */
  eventTime: string;
  eventSource: string;
  eventName: string;
  eventType?: string;
  region?: string;
  /** `recipientAccountId`: whose log this copy is. */
  recipientAccountId?: string;
  errorCode?: string;
  errorMessage?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  sharedEventId?: string;
  requestId?: string;
  /** `vpcEndpointId`: the VPC endpoint the call came through. */
  vpcEndpointId?: string;
  readOnly?: boolean;
  identity: Identity;
  /** Present when the record is a successful credential-issuing call. */
  issuance?: Issuance;
  /** Selected fields of sign-in / SSO events used for corroboration. */
  signIn?: {
    switchFrom?: string;
    mfaUsed?: boolean;
    result?: string;
  };
  /** An AWS MCP Server tool call (AwsMcpEvent): the tool and the requestIDs of the API calls it made. */
  mcpToolCall?: { tool?: string; downstreamRequestIds: string[] };
  /** signin:CreateOAuth2Token / AuthorizeOAuth2Access: the OAuth client, the resource (an MCP server), the sign-in session. */
  oauthGrant?: { clientId?: string; resource?: string; signInSessionArn?: string; grantType?: string };
  /** A successful iam:CreateAccessKey: the long-term key it made and for which user. */
  keyCreation?: { accessKeyId: string; userName?: string };
  /** A successful iam:CreateLoginProfile / UpdateLoginProfile / ChangePassword: whose console password it set. */
  passwordSet?: { userName?: string };
  /** `serviceEventDetails` of sso `GetRoleCredentials` / `Federate` (spec §3.7). */
  identityCenter?: { roleName?: string; accountId?: string };
  location?: RecordLocation;
}

export type LinkKind = 'access-key' | 'principal-and-creation-time' | 'role-session-arn' | 'shared-event-id' | 'login-profile' | 'identity-center-credentials';
export type Confidence = 'exact' | 'strong' | 'heuristic';
export type TraceStatus = 'complete' | 'broken' | 'no-identity';
export type OriginType =
  | 'IAMUser'
  | 'Root'
  | 'SAMLUser'
  | 'WebIdentityUser'
  | 'AWSService'
  | 'IdentityCenterUser'
  | 'AWSAccount'
  | 'Unknown';

export interface TraceIdentity {
  type: string;
  arn?: string | null;
  principalId?: string | null;
  accessKeyId?: string | null;
  accountId?: string | null;
  userName?: string | null;
}

/**
 * What CloudTrail's own evidence says of the file a record was loaded from (trail-trace verify's
 * verdicts). Set by the store after the walk, never by it: the walk reads no files.
 */
export interface RecordIntegrity {
  /** validated: a CloudTrail digest whose signature verifies lists the file with this content; unsigned: none does; tampered: one lists other content. */
  verdict: 'validated' | 'unsigned' | 'tampered';
  /** The file, S3 object or API page the record was loaded from. */
  location: string;
  /** The digest that vouches for it, or that it contradicts. */
  digest: string | null;
}

/** One field in which another copy of an event differs from the copy a trace uses, as CloudTrail names it. */
export interface CopyDifference {
  field: string;
  /** The value in the copy the trace uses, and in the other copy (null: absent). */
  used: string | null;
  other: string | null;
}

/**
 * Another copy of an event (same eventID) whose content differs from the copy the trace uses: the
 * store keeps both (README "Idempotent": which copy is used does not depend on load order). Set by
 * the store after the walk, as integrity is.
 */
export interface DifferingCopy {
  /** The file, S3 object or API page the other copy was loaded from, and its 0-based position there. */
  location: string;
  index: number;
  /** SHA-256 of that file as loaded (its kept copy's name). */
  sha256: string;
  differences: CopyDifference[];
}

export interface TraceTarget {
  /** Set by the store: CloudTrail's evidence for the record's file. */
  integrity?: RecordIntegrity;
  /** Set by the store: other copies of the event that differ from the one traced (absent when none). */
  differingCopies?: DifferingCopy[];
  eventId: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  accountId: string | null;
  region: string | null;
  sourceIPAddress: string | null;
  userAgent: string | null;
  errorCode?: string | null;
  identity: TraceIdentity;
}

export interface HopSession {
  arn: string | null;
  accountId: string | null;
  principalId: string | null;
  accessKeyId: string | null;
  roleArn: string | null;
  sessionName: string | null;
  createdAt: string | null;
  mfaAuthenticated: boolean | null;
  sourceIdentity: string | null;
  /** What kind of session this is, in words: "role session", "console session", … */
  kind: string;
  /**
   * The workload the session's own records say it was delivered to, when they say so: EC2 instance
   * metadata (`sessionContext.ec2RoleDelivery`, the session name is the instance id) or a Lambda
   * function (`inScopeOf.credentialsIssuedTo`). Known even when the issuing call is not in the store.
   */
  deliveredTo?: { service: string; workload: string | null };
}

export interface IssuingEventRef {
  eventId: string;
  eventName: string;
  eventTime: string;
  accountId: string | null;
  region: string | null;
  sharedEventId: string | null;
  /** eventIds of the same call logged in other accounts. */
  copies: string[];
  sourceIPAddress: string | null;
  userAgent: string | null;
  /** Who called: the parent identity as this copy logged it. */
  caller: TraceIdentity;
  location?: RecordLocation | null;
  /** Set by the store: other copies of this event that differ from the one traced (absent when none). */
  differingCopies?: DifferingCopy[];
}

export interface AlternativeRef {
  eventId: string;
  eventName: string;
  eventTime: string;
  accountId: string | null;
  region: string | null;
  why: string;
}

export interface Hop {
  /** Set by the store: CloudTrail's evidence for the issuing event's file; null with no issuing event. */
  integrity?: RecordIntegrity | null;
  session: HopSession;
  /** null when the issuing event was not found (the trace is broken at this hop). */
  issuedBy: IssuingEventRef | null;
  link: LinkKind | null;
  confidence: Confidence | null;
  alternatives: AlternativeRef[];
  /** Facts that support or weaken the link, in words. */
  evidence: string[];
  /**
   * The call that handed this session's credentials to a client after the session was made: the
   * `aws login` CreateOAuth2Token by which the AWS CLI took a console session's credentials.
   */
  vendedBy?: { eventId: string; eventName: string; eventTime: string };
}

export interface Origin {
  type: OriginType;
  accountId?: string | null;
  arn?: string | null;
  principalId?: string | null;
  userName?: string | null;
  accessKeyId?: string | null;
  identityProvider?: string | null;
  subject?: string | null;
  service?: string | null;
  workload?: string | null;
  sourceIPAddress?: string | null;
  userAgent?: string | null;
  mfaAuthenticated?: boolean | null;
  /** A short human description: "IAM user alice (long-term key AKIA…)". */
  description: string;
  /** The origin's own record (a sign-in, a key's first call…); differingCopies set by the store as on the target. */
  event?: { eventId: string; eventName: string; eventTime: string; differingCopies?: DifferingCopy[] } | null;
}

export interface Gap {
  reason: string;
  accountId: string | null;
  region: string | null;
  /** Regions to load first, most likely first (STS global endpoint logs to us-east-1). */
  regions: string[];
  from: string;
  to: string;
  hint: string;
  /** Why the hint loads the gap another way than the store was loaded (Event history's 90 days). */
  hintWhy?: string;
}

/** Who else used a credential, or how: separate from whose it was (the chain and origin). */
export type FindingKind = 'credential-used-elsewhere' | 'acted-via-agent';
export type FindingStrength = 'strong' | 'weak';

/** Another identity that called from the observed address. */
export interface AddressSharer {
  identityType: string;
  arn: string | null;
  accessKeyId: string | null;
  calls: number;
}

export interface Finding {
  kind: FindingKind;
  /** The hop whose credential it is (0 = the one that made the target event). */
  hop: number;
  accessKeyId: string | null;
  /** The context the credential was used from: its first call there. */
  observed: {
    ip: string | null;
    userAgent: string | null;
    eventId: string;
    time: string;
    vpcEndpointId: string | null;
    /** AWS's range holding the address ("EC2 us-east-1 3.224.0.0/12"), when ip-ranges.json was given. */
    awsRange: string | null;
  };
  /** The context the credential should have been used from. */
  expected: { ips: string[]; userAgents: string[]; vpcEndpoints: string[] };
  strength: FindingStrength;
  /** One sentence a responder can read aloud. */
  why: string;
  /** Calls from the observed context, and the first and last. */
  calls: number;
  first: string;
  last: string;
  /** Whether the observed context includes the target event. */
  includesTarget: boolean;
  /** Other identities that called from the observed address (a person's laptop, a scanner…). */
  sharedWith: AddressSharer[];
  /**
   * How the expected context is known: `workload` from the workload's own agents and runtimes,
   * `first-use` presumed from the workload's first call, `issuing-call` from where a person's
   * session was created.
   */
  basis: 'workload' | 'first-use' | 'issuing-call' | 'mcp-tool-call' | 'invoked-by';
  /** Whether AWS's ip-ranges.json was given and read for this finding. */
  ipRanges: 'used' | 'not given';
  /** acted-via-agent: the agent's client, its tool and tool-call event, the grant and its sign-in session. */
  agent?: { client: string | null; toolCall: string | null; tool: string | null; grant: string | null; signInSessionArn: string | null };
}

export interface Trace {
  schema: 'trail-trace/trace@1';
  target: TraceTarget;
  status: TraceStatus;
  hops: Hop[];
  origin: Origin | null;
  gaps: Gap[];
  /** What the logs say about who used the chain's credentials (src/trace/findings.ts). */
  findings: Finding[];
  warnings: string[];
}
