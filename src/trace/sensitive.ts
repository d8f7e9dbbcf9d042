// Which calls a responder must see first: writes, and the "sensitive" calls that change who can
// get in, turn off what watches, open the network or read secrets. Shared by every view that
// lists what a chain's sessions did (the markdown report's timeline, the terminal UI).
//
// Names are keyed by service and event name, because the same name exists in several services
// (iam:CreateUser and transfer:CreateUser are not the same risk).

/** What a call needs to be classified: the hot columns of any stored event. */
export interface CallFacts {
  eventSource: string;
  eventName: string;
  /** CloudTrail's `readOnly`; null when the record does not say. */
  readOnly: boolean | null;
  /** ConsoleLogin's `additionalEventData.MFAUsed` ("Yes" / "No"), when known. */
  mfaUsed?: string | null;
}

const IAM = 'iam.amazonaws.com';
const STS = 'sts.amazonaws.com';

/** service → event name → why it matters, in a few words. */
const SENSITIVE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [IAM]: {
    CreateUser: 'new IAM user',
    CreateAccessKey: 'new long-term access key',
    UpdateAccessKey: 'access key re-enabled or disabled',
    CreateLoginProfile: 'console password set',
    UpdateLoginProfile: 'console password changed',
    AttachUserPolicy: 'policy attached to a user',
    AttachRolePolicy: 'policy attached to a role',
    AttachGroupPolicy: 'policy attached to a group',
    PutUserPolicy: 'inline policy on a user',
    PutRolePolicy: 'inline policy on a role',
    PutGroupPolicy: 'inline policy on a group',
    AddUserToGroup: 'user added to a group',
    CreatePolicyVersion: 'policy rewritten',
    SetDefaultPolicyVersion: 'policy version switched',
    UpdateAssumeRolePolicy: 'role trust policy changed',
    CreateRole: 'new IAM role',
    DeactivateMFADevice: 'MFA device removed',
    DeleteVirtualMFADevice: 'MFA device deleted',
    DeleteRolePermissionsBoundary: 'permissions boundary removed',
    DeleteUserPermissionsBoundary: 'permissions boundary removed',
    CreateSAMLProvider: 'new SAML identity provider',
    UpdateSAMLProvider: 'SAML identity provider changed',
    CreateOpenIDConnectProvider: 'new OIDC identity provider',
  },
  [STS]: {
    AssumeRoot: 'root session in a member account',
    GetFederationToken: 'federated credentials minted',
  },
  'cloudtrail.amazonaws.com': {
    StopLogging: 'CloudTrail logging stopped',
    DeleteTrail: 'trail deleted',
    UpdateTrail: 'trail changed',
    PutEventSelectors: 'trail event selectors changed',
    PutInsightSelectors: 'trail Insights changed',
    DeleteEventDataStore: 'CloudTrail Lake store deleted',
    StopEventDataStoreIngestion: 'CloudTrail Lake ingestion stopped',
  },
  'ec2.amazonaws.com': {
    DeleteFlowLogs: 'VPC flow logs deleted',
    AuthorizeSecurityGroupIngress: 'inbound network access opened',
    ModifySnapshotAttribute: 'snapshot shared',
    ModifyImageAttribute: 'image shared',
    CreateKeyPair: 'new SSH key pair',
    ImportKeyPair: 'SSH key imported',
    DisableEbsEncryptionByDefault: 'EBS default encryption off',
  },
  's3.amazonaws.com': {
    PutBucketPolicy: 'bucket policy changed',
    PutBucketAcl: 'bucket ACL changed',
    DeleteBucketPolicy: 'bucket policy deleted',
    PutBucketPublicAccessBlock: 'bucket public access block changed',
    DeleteBucketPublicAccessBlock: 'bucket public access block removed',
    PutBucketLogging: 'bucket access logging changed',
    PutBucketReplication: 'bucket replication set',
    DeleteBucket: 'bucket deleted',
  },
  'kms.amazonaws.com': {
    DisableKey: 'KMS key disabled',
    ScheduleKeyDeletion: 'KMS key deletion scheduled',
    PutKeyPolicy: 'KMS key policy changed',
    CreateGrant: 'KMS grant created',
  },
  'secretsmanager.amazonaws.com': {
    GetSecretValue: 'secret read',
    PutSecretValue: 'secret changed',
    DeleteSecret: 'secret deleted',
  },
  'ssm.amazonaws.com': {
    SendCommand: 'command run on instances',
    StartSession: 'shell session on an instance',
  },
  'guardduty.amazonaws.com': {
    DeleteDetector: 'GuardDuty detector deleted',
    UpdateDetector: 'GuardDuty detector changed',
    DisassociateFromMasterAccount: 'GuardDuty left its administrator',
    DisassociateFromAdministratorAccount: 'GuardDuty left its administrator',
  },
  'securityhub.amazonaws.com': {
    DisableSecurityHub: 'Security Hub disabled',
  },
  'config.amazonaws.com': {
    StopConfigurationRecorder: 'AWS Config recording stopped',
    DeleteConfigurationRecorder: 'AWS Config recorder deleted',
    DeleteDeliveryChannel: 'AWS Config delivery deleted',
  },
  'logs.amazonaws.com': {
    DeleteLogGroup: 'log group deleted',
  },
  'rds.amazonaws.com': {
    ModifyDBSnapshotAttribute: 'database snapshot shared',
    ModifyDBClusterSnapshotAttribute: 'database snapshot shared',
  },
  'organizations.amazonaws.com': {
    LeaveOrganization: 'account left the organization',
  },
};

const READ_PREFIXES = ['Get', 'List', 'Describe', 'Head'];

/**
 * A write: CloudTrail says `readOnly: false`, or says nothing and the name is not a read
 * (Get/List/Describe/Head…). Unknown counts as a write so nothing risky is hidden.
 */
export function isWriteCall(call: CallFacts): boolean {
  if (call.readOnly !== null) return !call.readOnly;
  return !READ_PREFIXES.some((prefix) => call.eventName.startsWith(prefix));
}

/** Why the call is sensitive, in a few words, or null when it is not. */
export function sensitiveReason(call: CallFacts): string | null {
  const named = SENSITIVE[call.eventSource]?.[call.eventName];
  if (named !== undefined) return named;
  // A console sign-in without MFA (additionalEventData.MFAUsed, spec §3.8).
  if (call.eventSource === 'signin.amazonaws.com' && call.eventName === 'ConsoleLogin' && call.mfaUsed === 'No') {
    return 'console sign-in without MFA';
  }
  // Any other change to IAM or STS changes who can do what.
  if (call.eventSource === IAM && isWriteCall(call)) return 'IAM change';
  if (call.eventSource === STS && call.readOnly === false) return 'STS change';
  return null;
}

/**
 * Error codes by which AWS refuses a caller (an authorization failure), as opposed to a call that
 * failed for another reason (a limit, a missing resource, a throttle): AccessDenied,
 * AccessDeniedException, UnauthorizedOperation (EC2), Client.UnauthorizedOperation, NotAuthorized,
 * AuthorizationError, Forbidden…
 */
const REFUSAL = /AccessDenied|Unauthori[sz]ed|NotAuthori[sz]ed|AuthorizationError|Forbidden/i;

/** Whether a failed call was refused (not allowed to the caller) rather than failing otherwise. */
export function isRefusal(errorCode: string): boolean {
  return REFUSAL.test(errorCode);
}

/** Every named sensitive call as `service:EventName`, for documentation and tests. */
export function sensitiveCallNames(): string[] {
  return Object.entries(SENSITIVE).flatMap(([source, names]) =>
    Object.keys(names).map((name) => `${source.replace('.amazonaws.com', '')}:${name}`),
  );
}
