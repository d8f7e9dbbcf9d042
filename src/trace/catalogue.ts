// The catalogue of changes: which CloudTrail calls change an account in a way a responder must
// find and undo after a credential is stolen (persistence, escalation, blinding, exposure,
// code, secrets read, destruction), kept as data in this one reviewed file. It is long because
// it is a table; the code that reads it is src/trace/changes.ts.
//
// Paths are dotted paths into the raw record (`requestParameters.userName`, `items.0.x`), with
// the casing CloudTrail writes, which is not always the API's: EC2's newer calls log the XML
// request (`requestParameters.DeleteFlowLogsRequest.FlowLogId.content`), S3 logs XML element
// names (`PublicAccessBlockConfiguration.BlockPublicAcls`), Lambda names carry API versions
// (`UpdateFunctionCode20150331v2`). Where a real record was at hand the path comes from it:
// shared/cloudtrail-corpus (stratus-red-team detonation logs, invictus-ir dataset), and the
// Identity Center records of a public write-up of console changes. Entries marked "API model"
// use the API's member name with its first letter lowered, CloudTrail's usual rule, unverified.
//
// `when`: every condition must hold. `equals` compares the value as text (true → "true");
// `present: true` wants a value that is not missing, null, "", [] or {}; `present: false` the
// opposite. Several entries may share a call with different conditions; the first that matches
// wins, so put the narrower first.
//
// `undo.argv`: printed for a person, never run. `{dotted.path}` is filled from the record and
// `{previous}` with an earlier document (see `previous`). A filled list or object becomes its
// JSON text, which the AWS CLI takes for any list or structure parameter. Every pair of braces
// is a placeholder: literal braces never appear (AWS CLI shorthand that needs them is avoided).
// Values from the record follow `--flag=`, so a value starting with "-" cannot be read as an
// option. Regional services get `--region={awsRegion}`: the record's region is the resource's.
//
// `previous`: where the document the change replaced may be found, to restore it: the latest
// earlier successful record of one of these calls whose `id` paths give the same resource id;
// `document` is the path of the document in it. The store looks it up; this file only says where.

export type Tactic =
  | 'persistence'
  | 'privilege-escalation'
  | 'defense-evasion'
  | 'credential-access'
  | 'exfiltration'
  | 'execution'
  | 'impact';

export interface ChangeRule {
  /** eventSource, e.g. 'iam.amazonaws.com'. */
  source: string;
  /** eventName as CloudTrail logs it, e.g. 'CreateAccessKey', 'UpdateFunctionCode20150331v2'. */
  name: string;
  tactic: Tactic;
  /** MITRE ATT&CK technique id, e.g. 'T1098.001'. */
  technique: string;
  /** One plain sentence. */
  meaning: string;
  resource: {
    /** CloudFormation-style type, e.g. 'AWS::IAM::AccessKey'. */
    type: string;
    /** Paths into the record; the first non-empty string wins. */
    id: string[];
    /** Paths to an ARN, when the record carries one. */
    arn?: string[];
  };
  /** Only when the call is a change under these conditions; all must hold. */
  when?: { path: string; equals?: string; present?: boolean }[];
  /** How to undo it: an AWS CLI argv with placeholders. */
  undo?: { action: string; argv: string[]; note?: string };
  /** Where an earlier version of the resource's document lives in the logs. */
  previous?: { source: string; name: string; id: string[]; document: string }[];
}

/**
 * Every `undo.action`, a kebab-case verb phrase the eviction checklist groups and orders by.
 * Restoring actions (`restore-*`) need `{previous}`; `recreate-*` rebuild what was deleted.
 */
export const UNDO_ACTIONS = [
  // IAM and Identity Center: take away what was granted
  'delete-access-key', 'delete-login-profile', 'delete-user', 'delete-role',
  'delete-user-policy', 'detach-user-policy', 'delete-group-policy', 'detach-group-policy',
  'delete-role-policy', 'detach-role-policy', 'remove-user-from-group',
  'delete-policy-version', 'restore-default-policy-version', 'restore-trust-policy',
  'delete-saml-provider', 'restore-saml-metadata', 'delete-oidc-provider', 'restore-oidc-thumbprints',
  'remove-oidc-client-id', 'delete-permission-set', 'delete-permission-set-inline-policy',
  'detach-permission-set-policy', 'delete-account-assignment', 'delete-trust-anchor',
  'delete-roles-anywhere-profile',
  // logging and detection: turn it back on
  'start-logging', 'recreate-trail', 'restore-event-selectors', 'restore-insight-selectors',
  'enable-guardduty-detector', 'delete-guardduty-filter', 'delete-guardduty-ip-set',
  'enable-security-hub', 'enable-security-standards', 'start-config-recorder',
  'restore-config-recorder', 'restore-config-delivery-channel', 'recreate-log-group',
  'enable-alarm-actions',
  // exposure: close it again
  'restore-bucket-policy', 'reset-bucket-acl', 'restore-public-access-block', 'reset-object-acl',
  'delete-bucket-replication', 'reset-bucket-encryption', 'unshare-snapshot', 'unshare-image',
  'unshare-db-snapshot', 'revoke-kms-grant', 'restore-key-policy', 'revoke-security-group-ingress',
  // compute and code: remove or stop it
  'terminate-instance', 'require-imdsv2', 'delete-function', 'remove-function-permission',
  'delete-function-url', 'deregister-task-definition', 'cancel-command', 'terminate-session',
  // secrets read: make what was read worthless
  'rotate-secret',
  // destruction: bring back what can be
  'restore-snapshot-from-recycle-bin', 'restore-db-instance', 'restore-db-cluster',
  'cancel-key-deletion', 'enable-key',
] as const;

const IAM = 'iam.amazonaws.com';
const SSO = 'sso.amazonaws.com';
const CLOUDTRAIL = 'cloudtrail.amazonaws.com';
const GUARDDUTY = 'guardduty.amazonaws.com';
const SECURITYHUB = 'securityhub.amazonaws.com';
const CONFIG = 'config.amazonaws.com';
const EC2 = 'ec2.amazonaws.com';
const S3 = 's3.amazonaws.com';
const RDS = 'rds.amazonaws.com';
const KMS = 'kms.amazonaws.com';
const LAMBDA = 'lambda.amazonaws.com';
const SSM = 'ssm.amazonaws.com';

const REGION = '--region={awsRegion}';

/** The four Block Public Access settings; turning any one off weakens the block. */
const PUBLIC_ACCESS_SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
const PUBLIC_ACCESS_BLOCKED = 'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true';

const IAM_RULES: ChangeRule[] = [
  {
    source: IAM, name: 'CreateAccessKey', tactic: 'persistence', technique: 'T1098.001',
    meaning: 'Created an access key for an IAM user: a credential that outlives any session.',
    resource: { type: 'AWS::IAM::AccessKey', id: ['responseElements.accessKey.accessKeyId'] },
    undo: { action: 'delete-access-key', argv: ['aws', 'iam', 'delete-access-key', '--user-name={responseElements.accessKey.userName}', '--access-key-id={responseElements.accessKey.accessKeyId}'] },
  },
  {
    source: IAM, name: 'CreateUser', tactic: 'persistence', technique: 'T1136.003',
    meaning: 'Created an IAM user, an identity the attacker can keep using.',
    resource: { type: 'AWS::IAM::User', id: ['responseElements.user.userName', 'requestParameters.userName'], arn: ['responseElements.user.arn'] },
    undo: {
      action: 'delete-user', argv: ['aws', 'iam', 'delete-user', '--user-name={requestParameters.userName}'],
      note: 'AWS refuses while the user still has access keys, a password, MFA devices, policies or groups: remove those first.',
    },
  },
  {
    source: IAM, name: 'CreateLoginProfile', tactic: 'persistence', technique: 'T1098.001',
    meaning: 'Gave an IAM user a console password.',
    resource: { type: 'AWS::IAM::User', id: ['requestParameters.userName', 'responseElements.loginProfile.userName'] },
    undo: { action: 'delete-login-profile', argv: ['aws', 'iam', 'delete-login-profile', '--user-name={requestParameters.userName}'] },
  },
  {
    source: IAM, name: 'UpdateLoginProfile', tactic: 'privilege-escalation', technique: 'T1098.001',
    meaning: "Changed an IAM user's console password, so whoever set it can sign in as that user.",
    resource: { type: 'AWS::IAM::User', id: ['requestParameters.userName'] },
    undo: {
      action: 'delete-login-profile', argv: ['aws', 'iam', 'delete-login-profile', '--user-name={requestParameters.userName}'],
      note: "The user's owner then sets a new password (aws iam create-login-profile --password-reset-required).",
    },
  },
  {
    source: IAM, name: 'PutUserPolicy', tactic: 'privilege-escalation', technique: 'T1098.003',
    meaning: 'Wrote an inline policy into an IAM user.',
    resource: { type: 'AWS::IAM::User', id: ['requestParameters.userName'] },
    undo: {
      action: 'delete-user-policy', argv: ['aws', 'iam', 'delete-user-policy', '--user-name={requestParameters.userName}', '--policy-name={requestParameters.policyName}'],
      note: 'If a policy of that name existed before, restore its earlier document instead (an earlier PutUserPolicy).',
    },
  },
  {
    source: IAM, name: 'AttachUserPolicy', tactic: 'privilege-escalation', technique: 'T1098.003',
    meaning: 'Attached a managed policy to an IAM user.',
    resource: { type: 'AWS::IAM::User', id: ['requestParameters.userName'] },
    undo: { action: 'detach-user-policy', argv: ['aws', 'iam', 'detach-user-policy', '--user-name={requestParameters.userName}', '--policy-arn={requestParameters.policyArn}'] },
  },
  {
    source: IAM, name: 'PutGroupPolicy', tactic: 'privilege-escalation', technique: 'T1098.003',
    meaning: 'Wrote an inline policy into an IAM group, for every member.',
    resource: { type: 'AWS::IAM::Group', id: ['requestParameters.groupName'] },
    undo: {
      action: 'delete-group-policy', argv: ['aws', 'iam', 'delete-group-policy', '--group-name={requestParameters.groupName}', '--policy-name={requestParameters.policyName}'],
      note: 'If a policy of that name existed before, restore its earlier document instead (an earlier PutGroupPolicy).',
    },
  },
  {
    source: IAM, name: 'AttachGroupPolicy', tactic: 'privilege-escalation', technique: 'T1098.003',
    meaning: 'Attached a managed policy to an IAM group, for every member.',
    resource: { type: 'AWS::IAM::Group', id: ['requestParameters.groupName'] },
    undo: { action: 'detach-group-policy', argv: ['aws', 'iam', 'detach-group-policy', '--group-name={requestParameters.groupName}', '--policy-arn={requestParameters.policyArn}'] },
  },
  {
    source: IAM, name: 'PutRolePolicy', tactic: 'privilege-escalation', technique: 'T1098.003',
    meaning: 'Wrote an inline policy into an IAM role.',
    resource: { type: 'AWS::IAM::Role', id: ['requestParameters.roleName'] },
    undo: {
      action: 'delete-role-policy', argv: ['aws', 'iam', 'delete-role-policy', '--role-name={requestParameters.roleName}', '--policy-name={requestParameters.policyName}'],
      note: 'If a policy of that name existed before, restore its earlier document instead (an earlier PutRolePolicy).',
    },
  },
  {
    source: IAM, name: 'AttachRolePolicy', tactic: 'privilege-escalation', technique: 'T1098.003',
    meaning: 'Attached a managed policy to an IAM role.',
    resource: { type: 'AWS::IAM::Role', id: ['requestParameters.roleName'] },
    undo: { action: 'detach-role-policy', argv: ['aws', 'iam', 'detach-role-policy', '--role-name={requestParameters.roleName}', '--policy-arn={requestParameters.policyArn}'] },
  },
  {
    // API model: responseElements.policyVersion.versionId.
    source: IAM, name: 'CreatePolicyVersion', tactic: 'privilege-escalation', technique: 'T1098.003',
    meaning: 'Rewrote a managed policy as a new version, changing what everyone it is attached to may do.',
    resource: { type: 'AWS::IAM::ManagedPolicy', id: ['requestParameters.policyArn'], arn: ['requestParameters.policyArn'] },
    undo: {
      action: 'delete-policy-version',
      argv: ['aws', 'iam', 'delete-policy-version', '--policy-arn={requestParameters.policyArn}', '--version-id={responseElements.policyVersion.versionId}'],
      note: 'AWS refuses to delete the default version: when the call set it as default (setAsDefault), first make the earlier version the default (aws iam set-default-policy-version).',
    },
  },
  {
    source: IAM, name: 'SetDefaultPolicyVersion', tactic: 'privilege-escalation', technique: 'T1098.003',
    meaning: 'Switched a managed policy to another of its versions.',
    resource: { type: 'AWS::IAM::ManagedPolicy', id: ['requestParameters.policyArn'], arn: ['requestParameters.policyArn'] },
    undo: {
      action: 'restore-default-policy-version',
      argv: ['aws', 'iam', 'set-default-policy-version', '--policy-arn={requestParameters.policyArn}', '--version-id={previous}'],
      note: 'The version is the one an earlier SetDefaultPolicyVersion chose; a CreatePolicyVersion with setAsDefault since then is not seen. Check with aws iam list-policy-versions.',
    },
    previous: [{ source: IAM, name: 'SetDefaultPolicyVersion', id: ['requestParameters.policyArn'], document: 'requestParameters.versionId' }],
  },
  {
    // CreateRole logs the trust policy as JSON in requestParameters but URL-encoded in
    // responseElements.role (stratus-red-team iam-create-backdoor-role): restore from the request.
    source: IAM, name: 'UpdateAssumeRolePolicy', tactic: 'persistence', technique: 'T1098.003',
    meaning: "Rewrote a role's trust policy: who may assume the role.",
    resource: { type: 'AWS::IAM::Role', id: ['requestParameters.roleName'] },
    undo: {
      action: 'restore-trust-policy',
      argv: ['aws', 'iam', 'update-assume-role-policy', '--role-name={requestParameters.roleName}', '--policy-document={previous}'],
    },
    previous: [
      { source: IAM, name: 'UpdateAssumeRolePolicy', id: ['requestParameters.roleName'], document: 'requestParameters.policyDocument' },
      { source: IAM, name: 'CreateRole', id: ['requestParameters.roleName'], document: 'requestParameters.assumeRolePolicyDocument' },
    ],
  },
  {
    source: IAM, name: 'CreateRole', tactic: 'persistence', technique: 'T1098.003',
    meaning: 'Created an IAM role, which its trust policy lets others assume.',
    resource: { type: 'AWS::IAM::Role', id: ['responseElements.role.roleName', 'requestParameters.roleName'], arn: ['responseElements.role.arn'] },
    undo: {
      action: 'delete-role', argv: ['aws', 'iam', 'delete-role', '--role-name={requestParameters.roleName}'],
      note: 'AWS refuses while the role has policies or instance profiles: detach and delete those first.',
    },
  },
  {
    source: IAM, name: 'AddUserToGroup', tactic: 'privilege-escalation', technique: 'T1098.003',
    meaning: "Added an IAM user to a group, giving it the group's permissions.",
    resource: { type: 'AWS::IAM::User', id: ['requestParameters.userName'] },
    undo: { action: 'remove-user-from-group', argv: ['aws', 'iam', 'remove-user-from-group', '--group-name={requestParameters.groupName}', '--user-name={requestParameters.userName}'] },
  },
  {
    // API model: requestParameters.name, responseElements.sAMLProviderArn.
    source: IAM, name: 'CreateSAMLProvider', tactic: 'privilege-escalation', technique: 'T1484.002',
    meaning: 'Added a SAML identity provider: whoever holds its signing key can sign in to roles that trust it.',
    resource: { type: 'AWS::IAM::SAMLProvider', id: ['responseElements.sAMLProviderArn', 'requestParameters.name'], arn: ['responseElements.sAMLProviderArn'] },
    undo: { action: 'delete-saml-provider', argv: ['aws', 'iam', 'delete-saml-provider', '--saml-provider-arn={responseElements.sAMLProviderArn}'] },
  },
  {
    // API model: requestParameters.sAMLProviderArn, requestParameters.sAMLMetadataDocument.
    source: IAM, name: 'UpdateSAMLProvider', tactic: 'privilege-escalation', technique: 'T1484.002',
    meaning: "Replaced a SAML identity provider's metadata, so another signing key is trusted.",
    resource: { type: 'AWS::IAM::SAMLProvider', id: ['requestParameters.sAMLProviderArn'], arn: ['requestParameters.sAMLProviderArn'] },
    undo: {
      action: 'restore-saml-metadata',
      argv: ['aws', 'iam', 'update-saml-provider', '--saml-provider-arn={requestParameters.sAMLProviderArn}', '--saml-metadata-document={previous}'],
    },
    previous: [
      { source: IAM, name: 'UpdateSAMLProvider', id: ['requestParameters.sAMLProviderArn'], document: 'requestParameters.sAMLMetadataDocument' },
      { source: IAM, name: 'CreateSAMLProvider', id: ['responseElements.sAMLProviderArn'], document: 'requestParameters.sAMLMetadataDocument' },
    ],
  },
  {
    // API model: responseElements.openIDConnectProviderArn, requestParameters.url.
    source: IAM, name: 'CreateOpenIDConnectProvider', tactic: 'privilege-escalation', technique: 'T1484.002',
    meaning: 'Added an OpenID Connect identity provider: its tokens can assume roles that trust it.',
    resource: { type: 'AWS::IAM::OIDCProvider', id: ['responseElements.openIDConnectProviderArn', 'requestParameters.url'], arn: ['responseElements.openIDConnectProviderArn'] },
    undo: { action: 'delete-oidc-provider', argv: ['aws', 'iam', 'delete-open-id-connect-provider', '--open-id-connect-provider-arn={responseElements.openIDConnectProviderArn}'] },
  },
  {
    source: IAM, name: 'UpdateOpenIDConnectProviderThumbprint', tactic: 'privilege-escalation', technique: 'T1484.002',
    meaning: "Replaced an OpenID Connect provider's certificate thumbprints, so another server can be trusted.",
    resource: { type: 'AWS::IAM::OIDCProvider', id: ['requestParameters.openIDConnectProviderArn'], arn: ['requestParameters.openIDConnectProviderArn'] },
    undo: {
      action: 'restore-oidc-thumbprints',
      argv: ['aws', 'iam', 'update-open-id-connect-provider-thumbprint', '--open-id-connect-provider-arn={requestParameters.openIDConnectProviderArn}', '--thumbprint-list={previous}'],
      note: 'The earlier list is given as JSON text, which the AWS CLI accepts for a list.',
    },
    previous: [
      { source: IAM, name: 'UpdateOpenIDConnectProviderThumbprint', id: ['requestParameters.openIDConnectProviderArn'], document: 'requestParameters.thumbprintList' },
      { source: IAM, name: 'CreateOpenIDConnectProvider', id: ['responseElements.openIDConnectProviderArn'], document: 'requestParameters.thumbprintList' },
    ],
  },
  {
    source: IAM, name: 'AddClientIDToOpenIDConnectProvider', tactic: 'privilege-escalation', technique: 'T1484.002',
    meaning: 'Let an OpenID Connect provider accept tokens issued for another client (audience).',
    resource: { type: 'AWS::IAM::OIDCProvider', id: ['requestParameters.openIDConnectProviderArn'], arn: ['requestParameters.openIDConnectProviderArn'] },
    undo: {
      action: 'remove-oidc-client-id',
      argv: ['aws', 'iam', 'remove-client-id-from-open-id-connect-provider', '--open-id-connect-provider-arn={requestParameters.openIDConnectProviderArn}', '--client-id={requestParameters.clientID}'],
    },
  },
];

// Identity Center: request and response shapes from real records (CreatePermissionSet,
// CreateAccountAssignment); the two policy calls follow the API model. A changed permission set
// reaches accounts only when provisioned: after undoing, run aws sso-admin provision-permission-set.
const IDENTITY_CENTER_RULES: ChangeRule[] = [
  {
    source: SSO, name: 'CreatePermissionSet', tactic: 'persistence', technique: 'T1098.003',
    meaning: 'Created an Identity Center permission set, a role template for every account it is assigned in.',
    resource: { type: 'AWS::SSO::PermissionSet', id: ['responseElements.permissionSet.permissionSetArn'], arn: ['responseElements.permissionSet.permissionSetArn'] },
    undo: {
      action: 'delete-permission-set',
      argv: ['aws', 'sso-admin', 'delete-permission-set', '--instance-arn={requestParameters.instanceArn}', '--permission-set-arn={responseElements.permissionSet.permissionSetArn}', REGION],
      note: 'Delete its account assignments first.',
    },
  },
  {
    source: SSO, name: 'PutInlinePolicyToPermissionSet', tactic: 'privilege-escalation', technique: 'T1098.003',
    meaning: 'Wrote the inline policy of an Identity Center permission set.',
    resource: { type: 'AWS::SSO::PermissionSet', id: ['requestParameters.permissionSetArn'], arn: ['requestParameters.permissionSetArn'] },
    undo: {
      action: 'delete-permission-set-inline-policy',
      argv: ['aws', 'sso-admin', 'delete-inline-policy-from-permission-set', '--instance-arn={requestParameters.instanceArn}', '--permission-set-arn={requestParameters.permissionSetArn}', REGION],
      note: 'If the permission set had an inline policy before, put that back instead. Then provision the permission set.',
    },
  },
  {
    source: SSO, name: 'AttachManagedPolicyToPermissionSet', tactic: 'privilege-escalation', technique: 'T1098.003',
    meaning: 'Attached a managed policy to an Identity Center permission set.',
    resource: { type: 'AWS::SSO::PermissionSet', id: ['requestParameters.permissionSetArn'], arn: ['requestParameters.permissionSetArn'] },
    undo: {
      action: 'detach-permission-set-policy',
      argv: ['aws', 'sso-admin', 'detach-managed-policy-from-permission-set', '--instance-arn={requestParameters.instanceArn}', '--permission-set-arn={requestParameters.permissionSetArn}', '--managed-policy-arn={requestParameters.managedPolicyArn}', REGION],
      note: 'Then provision the permission set.',
    },
  },
  {
    source: SSO, name: 'CreateAccountAssignment', tactic: 'privilege-escalation', technique: 'T1098.003',
    meaning: 'Gave an Identity Center user or group a permission set in an account.',
    resource: { type: 'AWS::SSO::Assignment', id: ['requestParameters.principalId'], arn: ['requestParameters.permissionSetArn'] },
    undo: {
      action: 'delete-account-assignment',
      argv: [
        'aws', 'sso-admin', 'delete-account-assignment', '--instance-arn={requestParameters.instanceArn}',
        '--target-id={requestParameters.targetId}', '--target-type={requestParameters.targetType}',
        '--permission-set-arn={requestParameters.permissionSetArn}', '--principal-type={requestParameters.principalType}',
        '--principal-id={requestParameters.principalId}', REGION,
      ],
    },
  },
];

const OTHER_IDENTITY_RULES: ChangeRule[] = [
  {
    // spec §3.6: AWS's own example record.
    source: 'sts.amazonaws.com', name: 'AssumeRoot', tactic: 'privilege-escalation', technique: 'T1078.004',
    meaning: 'Opened a root session in a member account, for up to 15 minutes, to do what its task policy allows (delete root credentials, unlock a bucket or queue policy).',
    resource: { type: 'AWS::Organizations::Account', id: ['requestParameters.targetPrincipal'] },
  },
  {
    source: 'sts.amazonaws.com', name: 'GetFederationToken', tactic: 'persistence', technique: 'T1078.004',
    meaning: 'Minted federated-user credentials that stay valid (up to 36 hours) after the access key that minted them is deleted.',
    resource: { type: 'AWS::STS::FederatedUser', id: ['responseElements.federatedUser.federatedUserId', 'requestParameters.name'], arn: ['responseElements.federatedUser.arn'] },
  },
  {
    source: 'rolesanywhere.amazonaws.com', name: 'CreateTrustAnchor', tactic: 'persistence', technique: 'T1098.001',
    meaning: 'Made IAM Roles Anywhere trust a certificate authority: its certificates can be exchanged for role credentials.',
    resource: { type: 'AWS::RolesAnywhere::TrustAnchor', id: ['responseElements.trustAnchor.trustAnchorId'], arn: ['responseElements.trustAnchor.trustAnchorArn'] },
    undo: { action: 'delete-trust-anchor', argv: ['aws', 'rolesanywhere', 'delete-trust-anchor', '--trust-anchor-id={responseElements.trustAnchor.trustAnchorId}', REGION] },
  },
  {
    source: 'rolesanywhere.amazonaws.com', name: 'CreateProfile', tactic: 'persistence', technique: 'T1098.001',
    meaning: 'Created an IAM Roles Anywhere profile naming the roles a trusted certificate may assume.',
    resource: { type: 'AWS::RolesAnywhere::Profile', id: ['responseElements.profile.profileId'], arn: ['responseElements.profile.profileArn'] },
    undo: { action: 'delete-roles-anywhere-profile', argv: ['aws', 'rolesanywhere', 'delete-profile', '--profile-id={responseElements.profile.profileId}', REGION] },
  },
];

const LOGGING_RULES: ChangeRule[] = [
  {
    source: CLOUDTRAIL, name: 'StopLogging', tactic: 'defense-evasion', technique: 'T1562.008',
    meaning: 'Stopped a CloudTrail trail from recording.',
    resource: { type: 'AWS::CloudTrail::Trail', id: ['requestParameters.name'] },
    undo: { action: 'start-logging', argv: ['aws', 'cloudtrail', 'start-logging', '--name={requestParameters.name}', REGION] },
  },
  {
    source: CLOUDTRAIL, name: 'DeleteTrail', tactic: 'defense-evasion', technique: 'T1562.008',
    meaning: 'Deleted a CloudTrail trail.',
    resource: { type: 'AWS::CloudTrail::Trail', id: ['requestParameters.name'] },
    undo: {
      action: 'recreate-trail',
      argv: ['aws', 'cloudtrail', 'create-trail', '--name={requestParameters.name}', '--s3-bucket-name={previous}', REGION],
      note: 'Then aws cloudtrail start-logging; restore multi-region, KMS, validation and selectors as the earlier CreateTrail had them.',
    },
    previous: [{ source: CLOUDTRAIL, name: 'CreateTrail', id: ['requestParameters.name'], document: 'requestParameters.s3BucketName' }],
  },
  {
    // No undo: the earlier settings are many parameters, logged in camelCase where the CLI wants
    // the API's PascalCase for --cli-input-json.
    source: CLOUDTRAIL, name: 'UpdateTrail', tactic: 'defense-evasion', technique: 'T1562.008',
    meaning: "Changed a trail's settings: where it delivers, which regions, encryption or validation.",
    resource: { type: 'AWS::CloudTrail::Trail', id: ['requestParameters.name', 'responseElements.trailARN'], arn: ['responseElements.trailARN'] },
  },
  {
    source: CLOUDTRAIL, name: 'PutEventSelectors', tactic: 'defense-evasion', technique: 'T1562.008',
    meaning: 'Changed which events a trail records.',
    resource: { type: 'AWS::CloudTrail::Trail', id: ['requestParameters.trailName'], arn: ['responseElements.trailARN'] },
    undo: {
      action: 'restore-event-selectors',
      argv: ['aws', 'cloudtrail', 'put-event-selectors', '--trail-name={requestParameters.trailName}', '--event-selectors', 'ReadWriteType=All,IncludeManagementEvents=true', REGION],
      note: 'Records every management event again; data-event selectors the trail had before must be added back by hand.',
    },
  },
  {
    source: CLOUDTRAIL, name: 'PutInsightSelectors', tactic: 'defense-evasion', technique: 'T1562.008',
    meaning: 'Changed which CloudTrail Insights a trail computes.',
    resource: { type: 'AWS::CloudTrail::Trail', id: ['requestParameters.trailName'], arn: ['responseElements.trailARN'] },
    undo: {
      action: 'restore-insight-selectors',
      argv: ['aws', 'cloudtrail', 'put-insight-selectors', '--trail-name={requestParameters.trailName}', '--insight-selectors', 'InsightType=ApiCallRateInsight', 'InsightType=ApiErrorRateInsight', REGION],
      note: 'Turns both Insights types on; keep only those the trail had before.',
    },
  },
  {
    source: CONFIG, name: 'StopConfigurationRecorder', tactic: 'defense-evasion', technique: 'T1562.008',
    meaning: 'Stopped AWS Config from recording resource changes.',
    resource: { type: 'AWS::Config::ConfigurationRecorder', id: ['requestParameters.configurationRecorderName'] },
    undo: { action: 'start-config-recorder', argv: ['aws', 'configservice', 'start-configuration-recorder', '--configuration-recorder-name={requestParameters.configurationRecorderName}', REGION] },
  },
  {
    // The recorder and channel structures are camelCase in the Config API itself, so the logged
    // request is what the CLI takes (API model).
    source: CONFIG, name: 'DeleteConfigurationRecorder', tactic: 'defense-evasion', technique: 'T1562.008',
    meaning: 'Deleted the AWS Config recorder.',
    resource: { type: 'AWS::Config::ConfigurationRecorder', id: ['requestParameters.configurationRecorderName'] },
    undo: {
      action: 'restore-config-recorder', argv: ['aws', 'configservice', 'put-configuration-recorder', '--configuration-recorder={previous}', REGION],
      note: 'Then aws configservice start-configuration-recorder.',
    },
    previous: [{ source: CONFIG, name: 'PutConfigurationRecorder', id: ['requestParameters.configurationRecorder.name'], document: 'requestParameters.configurationRecorder' }],
  },
  {
    source: CONFIG, name: 'DeleteDeliveryChannel', tactic: 'defense-evasion', technique: 'T1562.008',
    meaning: 'Deleted the channel through which AWS Config delivers what it records.',
    resource: { type: 'AWS::Config::DeliveryChannel', id: ['requestParameters.deliveryChannelName'] },
    undo: { action: 'restore-config-delivery-channel', argv: ['aws', 'configservice', 'put-delivery-channel', '--delivery-channel={previous}', REGION] },
    previous: [{ source: CONFIG, name: 'PutDeliveryChannel', id: ['requestParameters.deliveryChannel.name'], document: 'requestParameters.deliveryChannel' }],
  },
  {
    // EC2 logs this call's XML request: one FlowLogId is an object, several are a list
    // (stratus-red-team vpc-remove-flow-logs; invictus-ir).
    source: EC2, name: 'DeleteFlowLogs', tactic: 'defense-evasion', technique: 'T1562.008',
    meaning: 'Deleted VPC flow logs (no undo: recreating needs the resource, destination and format the logs do not all show).',
    resource: { type: 'AWS::EC2::FlowLog', id: ['requestParameters.DeleteFlowLogsRequest.FlowLogId.content', 'requestParameters.DeleteFlowLogsRequest.FlowLogId.0.content'] },
  },
  {
    source: S3, name: 'PutBucketLogging', tactic: 'defense-evasion', technique: 'T1562.008',
    meaning: 'Turned off S3 server access logging for a bucket (no undo: the earlier target is nested XML the CLI cannot take as logged).',
    resource: { type: 'AWS::S3::Bucket', id: ['requestParameters.bucketName'], arn: ['resources.0.ARN'] },
    when: [{ path: 'requestParameters.BucketLoggingStatus.LoggingEnabled', present: false }],
  },
  {
    source: 'logs.amazonaws.com', name: 'DeleteLogGroup', tactic: 'defense-evasion', technique: 'T1562.008',
    meaning: 'Deleted a CloudWatch Logs log group and every event in it.',
    resource: { type: 'AWS::Logs::LogGroup', id: ['requestParameters.logGroupName'] },
    undo: {
      action: 'recreate-log-group', argv: ['aws', 'logs', 'create-log-group', '--log-group-name={requestParameters.logGroupName}', REGION],
      note: 'The deleted events are gone; set retention, encryption and subscriptions as before.',
    },
  },
  {
    source: 'route53resolver.amazonaws.com', name: 'DeleteResolverQueryLogConfig', tactic: 'defense-evasion', technique: 'T1562.008',
    meaning: 'Deleted a Route 53 Resolver DNS query logging configuration.',
    resource: { type: 'AWS::Route53Resolver::ResolverQueryLoggingConfig', id: ['requestParameters.resolverQueryLogConfigId'], arn: ['responseElements.resolverQueryLogConfig.arn'] },
  },
];

const DETECTION_RULES: ChangeRule[] = [
  {
    source: GUARDDUTY, name: 'DeleteDetector', tactic: 'defense-evasion', technique: 'T1562.001',
    meaning: 'Deleted the GuardDuty detector of a region, and its findings with it.',
    resource: { type: 'AWS::GuardDuty::Detector', id: ['requestParameters.detectorId'] },
    undo: { action: 'enable-guardduty-detector', argv: ['aws', 'guardduty', 'create-detector', '--enable', REGION], note: 'The new detector has a new id and no old findings.' },
  },
  {
    source: GUARDDUTY, name: 'UpdateDetector', tactic: 'defense-evasion', technique: 'T1562.001',
    meaning: 'Suspended a GuardDuty detector.',
    resource: { type: 'AWS::GuardDuty::Detector', id: ['requestParameters.detectorId'] },
    when: [{ path: 'requestParameters.enable', equals: 'false' }],
    undo: { action: 'enable-guardduty-detector', argv: ['aws', 'guardduty', 'update-detector', '--detector-id={requestParameters.detectorId}', '--enable', REGION] },
  },
  {
    source: GUARDDUTY, name: 'CreateFilter', tactic: 'defense-evasion', technique: 'T1562.001',
    meaning: 'Created a GuardDuty filter that archives matching findings as they arrive.',
    resource: { type: 'AWS::GuardDuty::Filter', id: ['requestParameters.name'] },
    when: [{ path: 'requestParameters.action', equals: 'ARCHIVE' }],
    undo: { action: 'delete-guardduty-filter', argv: ['aws', 'guardduty', 'delete-filter', '--detector-id={requestParameters.detectorId}', '--filter-name={requestParameters.name}', REGION] },
  },
  {
    source: GUARDDUTY, name: 'UpdateFilter', tactic: 'defense-evasion', technique: 'T1562.001',
    meaning: 'Changed a GuardDuty filter, which may now archive other findings.',
    resource: { type: 'AWS::GuardDuty::Filter', id: ['requestParameters.filterName'] },
    undo: {
      action: 'delete-guardduty-filter', argv: ['aws', 'guardduty', 'delete-filter', '--detector-id={requestParameters.detectorId}', '--filter-name={requestParameters.filterName}', REGION],
      note: 'If the filter is yours, restore its earlier criteria instead of deleting it.',
    },
  },
  {
    source: GUARDDUTY, name: 'CreateIPSet', tactic: 'defense-evasion', technique: 'T1562.001',
    meaning: 'Added a GuardDuty trusted IP list: no findings for traffic from those addresses.',
    resource: { type: 'AWS::GuardDuty::IPSet', id: ['responseElements.ipSetId', 'requestParameters.name'] },
    undo: { action: 'delete-guardduty-ip-set', argv: ['aws', 'guardduty', 'delete-ip-set', '--detector-id={requestParameters.detectorId}', '--ip-set-id={responseElements.ipSetId}', REGION] },
  },
  {
    source: GUARDDUTY, name: 'DisassociateFromMasterAccount', tactic: 'defense-evasion', technique: 'T1562.001',
    meaning: 'Took this account out of its GuardDuty administrator, whose view no longer shows its findings (no undo from here: the administrator invites it again).',
    resource: { type: 'AWS::GuardDuty::Detector', id: ['requestParameters.detectorId'] },
  },
  {
    source: GUARDDUTY, name: 'DisassociateFromAdministratorAccount', tactic: 'defense-evasion', technique: 'T1562.001',
    meaning: 'Took this account out of its GuardDuty administrator, whose view no longer shows its findings (no undo from here: the administrator invites it again).',
    resource: { type: 'AWS::GuardDuty::Detector', id: ['requestParameters.detectorId'] },
  },
  {
    source: SECURITYHUB, name: 'DisableSecurityHub', tactic: 'defense-evasion', technique: 'T1562.001',
    meaning: 'Disabled Security Hub in a region, deleting its findings and standards.',
    resource: { type: 'AWS::SecurityHub::Hub', id: ['recipientAccountId'] },
    undo: { action: 'enable-security-hub', argv: ['aws', 'securityhub', 'enable-security-hub', REGION], note: 'Then enable the standards and integrations it had.' },
  },
  {
    // API model: requestParameters.standardsSubscriptionArns, responseElements.standardsSubscriptions.
    source: SECURITYHUB, name: 'BatchDisableStandards', tactic: 'defense-evasion', technique: 'T1562.001',
    meaning: 'Disabled Security Hub standards, so their controls stop being checked.',
    resource: { type: 'AWS::SecurityHub::Standard', id: ['requestParameters.standardsSubscriptionArns.0'] },
    undo: {
      action: 'enable-security-standards',
      argv: ['aws', 'securityhub', 'batch-enable-standards', '--standards-subscription-requests', 'StandardsArn={responseElements.standardsSubscriptions.0.standardsArn}', REGION],
      note: 'Enables the first standard of the call; enable any other it disabled the same way.',
    },
  },
  {
    source: 'monitoring.amazonaws.com', name: 'DeleteAlarms', tactic: 'defense-evasion', technique: 'T1562.001',
    meaning: 'Deleted CloudWatch alarms (no undo: their full definitions are not in this record).',
    resource: { type: 'AWS::CloudWatch::Alarm', id: ['requestParameters.alarmNames.0'] },
  },
  {
    source: 'monitoring.amazonaws.com', name: 'DisableAlarmActions', tactic: 'defense-evasion', technique: 'T1562.001',
    meaning: 'Silenced CloudWatch alarms: they change state but notify no one.',
    resource: { type: 'AWS::CloudWatch::Alarm', id: ['requestParameters.alarmNames.0'] },
    undo: { action: 'enable-alarm-actions', argv: ['aws', 'cloudwatch', 'enable-alarm-actions', '--alarm-names={requestParameters.alarmNames}', REGION] },
  },
  {
    source: 'organizations.amazonaws.com', name: 'LeaveOrganization', tactic: 'defense-evasion', technique: 'T1666',
    meaning: "Took the account out of its AWS Organization, away from the organization's SCPs, trails and oversight.",
    resource: { type: 'AWS::Organizations::Account', id: ['recipientAccountId'] },
  },
];

const EXPOSURE_RULES: ChangeRule[] = [
  {
    // requestParameters.bucketPolicy is a JSON object, not text (invictus-ir PutBucketPolicy).
    source: S3, name: 'PutBucketPolicy', tactic: 'exfiltration', technique: 'T1537',
    meaning: "Replaced a bucket's policy, which can open it to other accounts or to everyone.",
    resource: { type: 'AWS::S3::Bucket', id: ['requestParameters.bucketName'], arn: ['resources.0.ARN'] },
    undo: {
      action: 'restore-bucket-policy', argv: ['aws', 's3api', 'put-bucket-policy', '--bucket={requestParameters.bucketName}', '--policy={previous}', REGION],
      note: 'If the bucket had no policy before, delete it instead: aws s3api delete-bucket-policy.',
    },
    previous: [{ source: S3, name: 'PutBucketPolicy', id: ['requestParameters.bucketName'], document: 'requestParameters.bucketPolicy' }],
  },
  {
    source: S3, name: 'DeleteBucketPolicy', tactic: 'defense-evasion', technique: 'T1562',
    meaning: "Deleted a bucket's policy, and any deny statements that protected it.",
    resource: { type: 'AWS::S3::Bucket', id: ['requestParameters.bucketName'], arn: ['resources.0.ARN'] },
    undo: { action: 'restore-bucket-policy', argv: ['aws', 's3api', 'put-bucket-policy', '--bucket={requestParameters.bucketName}', '--policy={previous}', REGION] },
    previous: [{ source: S3, name: 'PutBucketPolicy', id: ['requestParameters.bucketName'], document: 'requestParameters.bucketPolicy' }],
  },
  {
    source: S3, name: 'PutBucketAcl', tactic: 'exfiltration', technique: 'T1537',
    meaning: "Replaced a bucket's access control list, which can grant other accounts or everyone access.",
    resource: { type: 'AWS::S3::Bucket', id: ['requestParameters.bucketName'], arn: ['resources.0.ARN'] },
    undo: {
      action: 'reset-bucket-acl', argv: ['aws', 's3api', 'put-bucket-acl', '--bucket={requestParameters.bucketName}', '--acl', 'private', REGION],
      note: 'Grants the bucket had before (log delivery, other accounts) must be added back.',
    },
  },
  {
    source: S3, name: 'PutObjectAcl', tactic: 'exfiltration', technique: 'T1537',
    meaning: "Replaced an object's access control list, which can make it readable by anyone.",
    resource: { type: 'AWS::S3::Object', id: ['requestParameters.key'] },
    undo: { action: 'reset-object-acl', argv: ['aws', 's3api', 'put-object-acl', '--bucket={requestParameters.bucketName}', '--key={requestParameters.key}', '--acl', 'private', REGION] },
  },
  {
    source: S3, name: 'DeleteBucketPublicAccessBlock', tactic: 'defense-evasion', technique: 'T1562',
    meaning: "Removed a bucket's Block Public Access settings, so a policy or ACL can make it public.",
    resource: { type: 'AWS::S3::Bucket', id: ['requestParameters.bucketName'], arn: ['resources.0.ARN'] },
    undo: { action: 'restore-public-access-block', argv: ['aws', 's3api', 'put-public-access-block', '--bucket={requestParameters.bucketName}', '--public-access-block-configuration', PUBLIC_ACCESS_BLOCKED, REGION] },
  },
  ...PUBLIC_ACCESS_SETTINGS.map((setting): ChangeRule => ({
    source: S3, name: 'PutBucketPublicAccessBlock', tactic: 'defense-evasion', technique: 'T1562',
    meaning: `Turned off ${setting} in a bucket's Block Public Access settings.`,
    resource: { type: 'AWS::S3::Bucket', id: ['requestParameters.bucketName'], arn: ['resources.0.ARN'] },
    when: [{ path: `requestParameters.PublicAccessBlockConfiguration.${setting}`, equals: 'false' }],
    undo: { action: 'restore-public-access-block', argv: ['aws', 's3api', 'put-public-access-block', '--bucket={requestParameters.bucketName}', '--public-access-block-configuration', PUBLIC_ACCESS_BLOCKED, REGION] },
  })),
  {
    // Account-level Block Public Access (S3 Control) is logged with eventSource s3.amazonaws.com.
    source: S3, name: 'DeleteAccountPublicAccessBlock', tactic: 'defense-evasion', technique: 'T1562',
    meaning: "Removed the account's S3 Block Public Access settings.",
    resource: { type: 'AWS::S3::AccountPublicAccessBlock', id: ['recipientAccountId'] },
    undo: { action: 'restore-public-access-block', argv: ['aws', 's3control', 'put-public-access-block', '--account-id={recipientAccountId}', '--public-access-block-configuration', PUBLIC_ACCESS_BLOCKED, REGION] },
  },
  ...PUBLIC_ACCESS_SETTINGS.map((setting): ChangeRule => ({
    source: S3, name: 'PutAccountPublicAccessBlock', tactic: 'defense-evasion', technique: 'T1562',
    meaning: `Turned off ${setting} in the account's S3 Block Public Access settings.`,
    resource: { type: 'AWS::S3::AccountPublicAccessBlock', id: ['recipientAccountId'] },
    when: [{ path: `requestParameters.PublicAccessBlockConfiguration.${setting}`, equals: 'false' }],
    undo: { action: 'restore-public-access-block', argv: ['aws', 's3control', 'put-public-access-block', '--account-id={recipientAccountId}', '--public-access-block-configuration', PUBLIC_ACCESS_BLOCKED, REGION] },
  })),
  {
    source: S3, name: 'PutBucketReplication', tactic: 'exfiltration', technique: 'T1537',
    meaning: "Set a bucket to copy its new objects to another bucket, possibly in another account.",
    resource: { type: 'AWS::S3::Bucket', id: ['requestParameters.bucketName'], arn: ['resources.0.ARN'] },
    undo: {
      action: 'delete-bucket-replication', argv: ['aws', 's3api', 'delete-bucket-replication', '--bucket={requestParameters.bucketName}', REGION],
      note: 'If the bucket replicated somewhere before, restore that configuration instead.',
    },
  },
  {
    // invictus-ir: a share is "add", an unshare "remove"; attributeType is CREATE_VOLUME_PERMISSION.
    source: EC2, name: 'ModifySnapshotAttribute', tactic: 'exfiltration', technique: 'T1537',
    meaning: 'Shared an EBS snapshot with another account, or with everyone, which can copy the disk.',
    resource: { type: 'AWS::EC2::Snapshot', id: ['requestParameters.snapshotId'] },
    when: [{ path: 'requestParameters.createVolumePermission.add', present: true }],
    undo: {
      action: 'unshare-snapshot', argv: ['aws', 'ec2', 'reset-snapshot-attribute', '--snapshot-id={requestParameters.snapshotId}', '--attribute', 'createVolumePermission', REGION],
      note: 'Removes every share of the snapshot; add back those that were legitimate.',
    },
  },
  {
    source: EC2, name: 'ModifyImageAttribute', tactic: 'exfiltration', technique: 'T1537',
    meaning: 'Shared an AMI with another account, or with everyone, which can launch or copy it.',
    resource: { type: 'AWS::EC2::Image', id: ['requestParameters.imageId'] },
    when: [{ path: 'requestParameters.launchPermission.add', present: true }],
    undo: {
      action: 'unshare-image', argv: ['aws', 'ec2', 'reset-image-attribute', '--image-id={requestParameters.imageId}', '--attribute', 'launchPermission', REGION],
      note: 'Removes every share of the image; add back those that were legitimate.',
    },
  },
  {
    source: RDS, name: 'ModifyDBSnapshotAttribute', tactic: 'exfiltration', technique: 'T1537',
    meaning: 'Shared a database snapshot with another account ("all" means everyone), which can restore it.',
    resource: { type: 'AWS::RDS::DBSnapshot', id: ['requestParameters.dBSnapshotIdentifier'] },
    when: [{ path: 'requestParameters.attributeName', equals: 'restore' }, { path: 'requestParameters.valuesToAdd', present: true }],
    undo: {
      action: 'unshare-db-snapshot',
      argv: ['aws', 'rds', 'modify-db-snapshot-attribute', '--db-snapshot-identifier={requestParameters.dBSnapshotIdentifier}', '--attribute-name', 'restore', '--values-to-remove={requestParameters.valuesToAdd}', REGION],
    },
  },
  {
    source: RDS, name: 'ModifyDBClusterSnapshotAttribute', tactic: 'exfiltration', technique: 'T1537',
    meaning: 'Shared a database cluster snapshot with another account ("all" means everyone), which can restore it.',
    resource: { type: 'AWS::RDS::DBClusterSnapshot', id: ['requestParameters.dBClusterSnapshotIdentifier'] },
    when: [{ path: 'requestParameters.attributeName', equals: 'restore' }, { path: 'requestParameters.valuesToAdd', present: true }],
    undo: {
      action: 'unshare-db-snapshot',
      argv: ['aws', 'rds', 'modify-db-cluster-snapshot-attribute', '--db-cluster-snapshot-identifier={requestParameters.dBClusterSnapshotIdentifier}', '--attribute-name', 'restore', '--values-to-remove={requestParameters.valuesToAdd}', REGION],
    },
  },
  {
    source: KMS, name: 'CreateGrant', tactic: 'exfiltration', technique: 'T1537',
    meaning: 'Granted a principal use of a KMS key, such as decrypting what the key protects.',
    resource: { type: 'AWS::KMS::Key', id: ['requestParameters.keyId'], arn: ['resources.0.ARN'] },
    undo: { action: 'revoke-kms-grant', argv: ['aws', 'kms', 'revoke-grant', '--key-id={requestParameters.keyId}', '--grant-id={responseElements.grantId}', REGION] },
  },
  {
    source: KMS, name: 'PutKeyPolicy', tactic: 'exfiltration', technique: 'T1537',
    meaning: "Replaced a KMS key's policy, which can let other accounts use the key or lock its owners out.",
    resource: { type: 'AWS::KMS::Key', id: ['requestParameters.keyId'], arn: ['resources.0.ARN'] },
    undo: { action: 'restore-key-policy', argv: ['aws', 'kms', 'put-key-policy', '--key-id={requestParameters.keyId}', '--policy-name', 'default', '--policy={previous}', REGION] },
    previous: [
      { source: KMS, name: 'PutKeyPolicy', id: ['requestParameters.keyId'], document: 'requestParameters.policy' },
      { source: KMS, name: 'CreateKey', id: ['responseElements.keyMetadata.keyId'], document: 'requestParameters.policy' },
    ],
  },
  {
    // stratus-red-team ec2-security-group-open-port-22-ingress: the rule id is in the response.
    source: EC2, name: 'AuthorizeSecurityGroupIngress', tactic: 'defense-evasion', technique: 'T1562.007',
    meaning: 'Opened inbound network access in a security group.',
    resource: { type: 'AWS::EC2::SecurityGroup', id: ['requestParameters.groupId', 'responseElements.securityGroupRuleSet.items.0.groupId'] },
    undo: {
      action: 'revoke-security-group-ingress',
      argv: ['aws', 'ec2', 'revoke-security-group-ingress', '--group-id={requestParameters.groupId}', '--security-group-rule-ids={responseElements.securityGroupRuleSet.items.0.securityGroupRuleId}', REGION],
      note: 'Revokes the first rule the call added; revoke any other in responseElements.securityGroupRuleSet the same way.',
    },
  },
];

const COMPUTE_RULES: ChangeRule[] = [
  {
    source: EC2, name: 'RunInstances', tactic: 'execution', technique: 'T1578.002',
    meaning: 'Launched EC2 instances.',
    resource: { type: 'AWS::EC2::Instance', id: ['responseElements.instancesSet.items.0.instanceId'] },
    undo: {
      action: 'terminate-instance', argv: ['aws', 'ec2', 'terminate-instances', '--instance-ids={responseElements.instancesSet.items.0.instanceId}', REGION],
      note: 'Terminates the first instance of the call; snapshot it first if it is evidence, and terminate the others in responseElements.instancesSet the same way.',
    },
  },
  {
    // The user data itself is never logged ("<sensitiveDataRemoved>", stratus-red-team ec2-user-data).
    source: EC2, name: 'ModifyInstanceAttribute', tactic: 'execution', technique: 'T1059.009',
    meaning: "Replaced an instance's user data, a script that can run at its next start (no undo: the earlier user data is never logged).",
    resource: { type: 'AWS::EC2::Instance', id: ['requestParameters.instanceId'] },
    when: [{ path: 'requestParameters.userData', present: true }],
  },
  {
    // Two shapes: the logged XML request (a real record in a public test suite) and the plain one.
    source: EC2, name: 'ModifyInstanceMetadataOptions', tactic: 'credential-access', technique: 'T1552.005',
    meaning: "Let an instance's metadata service answer without a session token (IMDSv1), so a request forgery on it can read the role's credentials.",
    resource: { type: 'AWS::EC2::Instance', id: ['requestParameters.ModifyInstanceMetadataOptionsRequest.InstanceId', 'requestParameters.instanceId'] },
    when: [{ path: 'requestParameters.ModifyInstanceMetadataOptionsRequest.HttpTokens', equals: 'optional' }],
    undo: { action: 'require-imdsv2', argv: ['aws', 'ec2', 'modify-instance-metadata-options', '--instance-id={requestParameters.ModifyInstanceMetadataOptionsRequest.InstanceId}', '--http-tokens', 'required', REGION] },
  },
  {
    source: EC2, name: 'ModifyInstanceMetadataOptions', tactic: 'credential-access', technique: 'T1552.005',
    meaning: "Let an instance's metadata service answer without a session token (IMDSv1), so a request forgery on it can read the role's credentials.",
    resource: { type: 'AWS::EC2::Instance', id: ['requestParameters.instanceId', 'requestParameters.ModifyInstanceMetadataOptionsRequest.InstanceId'] },
    when: [{ path: 'requestParameters.httpTokens', equals: 'optional' }],
    undo: { action: 'require-imdsv2', argv: ['aws', 'ec2', 'modify-instance-metadata-options', '--instance-id={requestParameters.instanceId}', '--http-tokens', 'required', REGION] },
  },
  {
    source: LAMBDA, name: 'CreateFunction20150331', tactic: 'execution', technique: 'T1648',
    meaning: 'Created a Lambda function, code that runs with the role it is given.',
    resource: { type: 'AWS::Lambda::Function', id: ['responseElements.functionName', 'requestParameters.functionName'], arn: ['responseElements.functionArn'] },
    undo: { action: 'delete-function', argv: ['aws', 'lambda', 'delete-function', '--function-name={requestParameters.functionName}', REGION] },
  },
  {
    source: LAMBDA, name: 'UpdateFunctionCode20150331v2', tactic: 'persistence', technique: 'T1525',
    meaning: "Replaced a Lambda function's code (no undo: the earlier code is not in the logs; redeploy it from source).",
    resource: { type: 'AWS::Lambda::Function', id: ['responseElements.functionName', 'requestParameters.functionName'], arn: ['responseElements.functionArn'] },
  },
  {
    // stratus-red-team lambda-layer-extension: a layer can hold an extension that sees every invocation.
    source: LAMBDA, name: 'UpdateFunctionConfiguration20150331v2', tactic: 'persistence', technique: 'T1525',
    meaning: "Set a Lambda function's layers, code that runs with the function (no undo: the earlier layers are not in this record).",
    resource: { type: 'AWS::Lambda::Function', id: ['responseElements.functionName', 'requestParameters.functionName'], arn: ['responseElements.functionArn'] },
    when: [{ path: 'requestParameters.layers', present: true }],
  },
  {
    source: LAMBDA, name: 'AddPermission20150331v2', tactic: 'persistence', technique: 'T1098',
    meaning: "Added a statement to a Lambda function's resource policy, letting another principal (\"*\": anyone) invoke it.",
    resource: { type: 'AWS::Lambda::Function', id: ['requestParameters.functionName'] },
    undo: { action: 'remove-function-permission', argv: ['aws', 'lambda', 'remove-permission', '--function-name={requestParameters.functionName}', '--statement-id={requestParameters.statementId}', REGION] },
  },
  {
    source: LAMBDA, name: 'CreateFunctionUrlConfig20211031', tactic: 'persistence', technique: 'T1098',
    meaning: 'Gave a Lambda function a public HTTPS URL (with auth type NONE, anyone can call it).',
    resource: { type: 'AWS::Lambda::Url', id: ['requestParameters.functionName'], arn: ['responseElements.functionArn'] },
    undo: { action: 'delete-function-url', argv: ['aws', 'lambda', 'delete-function-url-config', '--function-name={requestParameters.functionName}', REGION] },
  },
  {
    source: SSM, name: 'SendCommand', tactic: 'execution', technique: 'T1651',
    meaning: 'Ran a command on instances through Systems Manager.',
    resource: { type: 'AWS::EC2::Instance', id: ['requestParameters.instanceIds.0', 'responseElements.command.instanceIds.0'] },
    undo: {
      action: 'cancel-command', argv: ['aws', 'ssm', 'cancel-command', '--command-id={responseElements.command.commandId}', REGION],
      note: 'Stops only invocations still running; what already ran stays done: examine the instances.',
    },
  },
  {
    source: SSM, name: 'StartSession', tactic: 'execution', technique: 'T1651',
    meaning: 'Opened an interactive shell on an instance through Session Manager.',
    resource: { type: 'AWS::EC2::Instance', id: ['requestParameters.target'] },
    undo: { action: 'terminate-session', argv: ['aws', 'ssm', 'terminate-session', '--session-id={responseElements.sessionId}', REGION] },
  },
  {
    source: 'ecs.amazonaws.com', name: 'RegisterTaskDefinition', tactic: 'execution', technique: 'T1610',
    meaning: 'Registered an ECS task definition: containers, commands and the role they run with.',
    resource: { type: 'AWS::ECS::TaskDefinition', id: ['responseElements.taskDefinition.taskDefinitionArn', 'requestParameters.family'], arn: ['responseElements.taskDefinition.taskDefinitionArn'] },
    undo: {
      action: 'deregister-task-definition', argv: ['aws', 'ecs', 'deregister-task-definition', '--task-definition={responseElements.taskDefinition.taskDefinitionArn}', REGION],
      note: 'Tasks already running from it keep running: stop them.',
    },
  },
];

const CREDENTIAL_RULES: ChangeRule[] = [
  {
    source: 'secretsmanager.amazonaws.com', name: 'GetSecretValue', tactic: 'credential-access', technique: 'T1555.006',
    meaning: "Read a secret's value.",
    resource: { type: 'AWS::SecretsManager::Secret', id: ['requestParameters.secretId'] },
    undo: {
      action: 'rotate-secret', argv: ['aws', 'secretsmanager', 'rotate-secret', '--secret-id={requestParameters.secretId}', REGION],
      note: 'Works only for a secret with rotation set up; otherwise change the credential at its source and store the new value.',
    },
  },
  {
    // stratus-red-team secretsmanager-batch-retrieve-secrets reads by tag filter: the record then
    // names no secret at all (requestParameters.filters, responseElements null).
    source: 'secretsmanager.amazonaws.com', name: 'BatchGetSecretValue', tactic: 'credential-access', technique: 'T1555.006',
    meaning: 'Read the values of several secrets at once (change each at its source; a read by filter does not say which).',
    resource: { type: 'AWS::SecretsManager::Secret', id: ['requestParameters.secretIdList.0'] },
  },
  {
    source: SSM, name: 'GetParameter', tactic: 'credential-access', technique: 'T1555.006',
    meaning: 'Read and decrypted a Systems Manager SecureString parameter (no undo: change the credential it holds).',
    resource: { type: 'AWS::SSM::Parameter', id: ['requestParameters.name'], arn: ['resources.0.ARN'] },
    when: [{ path: 'requestParameters.withDecryption', equals: 'true' }],
  },
  {
    source: SSM, name: 'GetParameters', tactic: 'credential-access', technique: 'T1555.006',
    meaning: 'Read and decrypted Systems Manager SecureString parameters (no undo: change the credentials they hold).',
    resource: { type: 'AWS::SSM::Parameter', id: ['requestParameters.names.0'], arn: ['resources.0.ARN'] },
    when: [{ path: 'requestParameters.withDecryption', equals: 'true' }],
  },
  {
    source: EC2, name: 'GetPasswordData', tactic: 'credential-access', technique: 'T1552',
    meaning: "Fetched a Windows instance's encrypted Administrator password (no undo: change it on the instance).",
    resource: { type: 'AWS::EC2::Instance', id: ['requestParameters.instanceId'] },
  },
];

const DESTRUCTION_RULES: ChangeRule[] = [
  {
    source: S3, name: 'DeleteBucket', tactic: 'impact', technique: 'T1485',
    meaning: 'Deleted an S3 bucket (no undo; the name is free for anyone to take).',
    resource: { type: 'AWS::S3::Bucket', id: ['requestParameters.bucketName'], arn: ['resources.0.ARN'] },
  },
  {
    source: EC2, name: 'TerminateInstances', tactic: 'impact', technique: 'T1485',
    meaning: 'Terminated EC2 instances (no undo).',
    resource: { type: 'AWS::EC2::Instance', id: ['requestParameters.instancesSet.items.0.instanceId'] },
  },
  {
    source: EC2, name: 'DeleteVolume', tactic: 'impact', technique: 'T1485',
    meaning: 'Deleted an EBS volume (no undo; restore from a snapshot if there is one).',
    resource: { type: 'AWS::EC2::Volume', id: ['requestParameters.volumeId'] },
  },
  {
    source: EC2, name: 'DeleteSnapshot', tactic: 'impact', technique: 'T1485',
    meaning: 'Deleted an EBS snapshot.',
    resource: { type: 'AWS::EC2::Snapshot', id: ['requestParameters.snapshotId'] },
    undo: {
      action: 'restore-snapshot-from-recycle-bin', argv: ['aws', 'ec2', 'restore-snapshot-from-recycle-bin', '--snapshot-id={requestParameters.snapshotId}', REGION],
      note: 'Works only if a Recycle Bin retention rule covered the snapshot.',
    },
  },
  {
    source: RDS, name: 'DeleteDBInstance', tactic: 'impact', technique: 'T1485',
    meaning: 'Deleted a database instance.',
    resource: { type: 'AWS::RDS::DBInstance', id: ['requestParameters.dBInstanceIdentifier'], arn: ['responseElements.dBInstanceArn'] },
    undo: {
      action: 'restore-db-instance',
      argv: ['aws', 'rds', 'restore-db-instance-from-db-snapshot', '--db-instance-identifier={requestParameters.dBInstanceIdentifier}', '--db-snapshot-identifier={requestParameters.finalDBSnapshotIdentifier}', REGION],
      note: 'Only when the call kept a final snapshot; restore its network, parameter groups and size as before.',
    },
  },
  {
    source: RDS, name: 'DeleteDBCluster', tactic: 'impact', technique: 'T1485',
    meaning: 'Deleted a database cluster.',
    resource: { type: 'AWS::RDS::DBCluster', id: ['requestParameters.dBClusterIdentifier'], arn: ['responseElements.dBClusterArn'] },
    undo: {
      action: 'restore-db-cluster',
      argv: ['aws', 'rds', 'restore-db-cluster-from-snapshot', '--db-cluster-identifier={requestParameters.dBClusterIdentifier}', '--snapshot-identifier={requestParameters.finalDBSnapshotIdentifier}', '--engine={responseElements.engine}', REGION],
      note: 'Only when the call kept a final snapshot; then create the cluster instances again.',
    },
  },
  {
    source: KMS, name: 'ScheduleKeyDeletion', tactic: 'impact', technique: 'T1485',
    meaning: 'Scheduled a KMS key for deletion, after which what it encrypts cannot be decrypted.',
    resource: { type: 'AWS::KMS::Key', id: ['requestParameters.keyId'], arn: ['resources.0.ARN'] },
    undo: {
      action: 'cancel-key-deletion', argv: ['aws', 'kms', 'cancel-key-deletion', '--key-id={requestParameters.keyId}', REGION],
      note: 'The key is left disabled: then aws kms enable-key.',
    },
  },
  {
    source: KMS, name: 'DisableKey', tactic: 'impact', technique: 'T1489',
    meaning: 'Disabled a KMS key: nothing it encrypts can be decrypted until it is enabled.',
    resource: { type: 'AWS::KMS::Key', id: ['requestParameters.keyId'], arn: ['resources.0.ARN'] },
    undo: { action: 'enable-key', argv: ['aws', 'kms', 'enable-key', '--key-id={requestParameters.keyId}', REGION] },
  },
  {
    // Best effort: whether the key belongs to another account (ransomware) needs the key's ARN
    // compared with the bucket's account, which a `when` cannot say; every KMS default is listed.
    source: S3, name: 'PutBucketEncryption', tactic: 'impact', technique: 'T1486',
    meaning: "Set a bucket's default encryption to a KMS key; if another account owns the key, new objects are readable only with its consent.",
    resource: { type: 'AWS::S3::Bucket', id: ['requestParameters.bucketName'], arn: ['resources.0.ARN'] },
    when: [{ path: 'requestParameters.ServerSideEncryptionConfiguration.Rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID', present: true }],
    undo: {
      action: 'reset-bucket-encryption', argv: ['aws', 's3api', 'delete-bucket-encryption', '--bucket={requestParameters.bucketName}', REGION],
      note: 'Returns the bucket to SSE-S3; if it used your own KMS key before, set that key again instead.',
    },
  },
  {
    source: S3, name: 'CopyObject', tactic: 'impact', technique: 'T1486',
    meaning: 'Rewrote an object encrypted under a KMS key it named, possibly one another account owns (no undo: restore an earlier version if versioning is on).',
    resource: { type: 'AWS::S3::Object', id: ['requestParameters.key'] },
    when: [{ path: 'requestParameters.x-amz-server-side-encryption-aws-kms-key-id', present: true }],
  },
  {
    // stratus-red-team bedrock-invoke-model: logged with eventSource bedrock.amazonaws.com,
    // though the call goes to the bedrock-runtime endpoint.
    source: 'bedrock.amazonaws.com', name: 'InvokeModel', tactic: 'impact', technique: 'T1496.004',
    meaning: "Invoked a Bedrock model at the account's expense.",
    resource: { type: 'AWS::Bedrock::FoundationModel', id: ['requestParameters.modelId'] },
  },
];

export const CATALOGUE: readonly ChangeRule[] = [
  ...IAM_RULES,
  ...IDENTITY_CENTER_RULES,
  ...OTHER_IDENTITY_RULES,
  ...LOGGING_RULES,
  ...DETECTION_RULES,
  ...EXPOSURE_RULES,
  ...COMPUTE_RULES,
  ...CREDENTIAL_RULES,
  ...DESTRUCTION_RULES,
];
