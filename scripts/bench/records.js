// CloudTrail record text for the bench corpus, shaped like the real samples in
// shared/cloudtrail-spec.md §1.3, §2.5, §3.1, §3.9. Records are built as JSON text directly
// (identities are serialised once per session): a million JSON.stringify calls on full
// records would dominate the generation time.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Epoch seconds → "2026-03-09T15:04:05Z" (second precision, as CloudTrail logs it). */
export function isoSeconds(sec) {
  return new Date(sec * 1000).toISOString().slice(0, 19) + 'Z';
}

/** Epoch seconds → "Mar 9, 2026, 3:04:05 PM" in UTC: the STS expiration format (spec §3.0.1). */
export function javaDate(sec) {
  const d = new Date(sec * 1000);
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h12}:${mm}:${ss} ${h < 12 ? 'AM' : 'PM'}`;
}

const TLS_CIPHERS = [['TLS_AES_128_GCM_SHA256', 'TLSv1.3', 8], ['ECDHE-RSA-AES128-GCM-SHA256', 'TLSv1.2', 2]];

export function tlsDetails(rng, host) {
  const [cipherSuite, tlsVersion] = rng.weighted(TLS_CIPHERS.map((c) => [c, c[2]]));
  return `{"tlsVersion":"${tlsVersion}","cipherSuite":"${cipherSuite}","clientProvidedHostHeader":"${host}"${tlsVersion === 'TLSv1.3' ? ',"keyExchange":"x25519"' : ''}}`;
}

export const USER_AGENTS = {
  cli: ['aws-cli/2.22.35 md/awscrt#0.23.8 ua/2.1 os/linux#6.8.0-1021-aws md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/CloudShell cfg/retry-mode#standard md/installer#exe md/distrib#amzn.2023 md/prompt#off md/command#',
    'aws-cli/2.17.9 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#'],
  boto: ['Boto3/1.35.90 md/Botocore#1.35.90 ua/2.0 os/linux#5.15.0-1064-aws md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.90',
    'Boto3/1.34.144 md/Botocore#1.34.144 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.4 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.34.144'],
  terraform: ['APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.82.2 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.7 ua/2.1 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 api/',
    'APN/1.0 HashiCorp/1.0 Terraform/1.10.3 (+https://www.terraform.io) terraform-provider-aws/5.84.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.33.0 ua/2.1 os/linux lang/go#1.23.4 md/GOOS#linux md/GOARCH#amd64 api/'],
  console: ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'],
  ec2: ['aws-sdk-java/2.29.43 Linux/6.1.119-129.201.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Amazon.com_Inc. md/internal exec-env/AWS_ECS_EC2 io/sync http/Apache cfg/retry-mode/standard',
    'aws-sdk-go-v2/1.32.6 ua/2.1 os/linux lang/go#1.22.9 md/GOOS#linux md/GOARCH#arm64 api/',
    'amazon-ssm-agent/3.3.1142.0', 'aws-sdk-nodejs/2.1692.0 linux/v18.20.5 exec-env/AWS_EC2'],
  exporter: ['aws-sdk-go-v2/1.32.7 ua/2.1 os/linux lang/go#1.23.4 md/GOOS#linux md/GOARCH#amd64 app/metrics-exporter'],
  lambda: ['aws-sdk-nodejs/3.716.0 ua/2.1 os/linux#5.10.228-240.940.amzn2.x86_64 lang/js md/nodejs#20.18.1 api/',
    'Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.228-240.940.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145'],
};

/** Per-account resources that API calls mention (bucket names, keys, parameters). */
export function resourcesOf(rng, account, regions) {
  if (account.res) return account.res;
  const buckets = Array.from({ length: 6 }, (_, i) => `${account.name}-${['artifacts', 'logs', 'data', 'backups', 'static', 'exports'][i]}-${account.id.slice(-6)}`);
  account.res = {
    buckets,
    kmsKeys: regions.map((r) => `arn:aws:kms:${r}:${account.id}:key/${rng.uuid()}`),
    stacks: ['network', 'platform', 'app-core', 'observability', 'iam-baseline'].map((s) => `${account.name}-${s}`),
    tables: ['sessions', 'orders', 'idempotency', 'feature-flags'].map((t) => `${account.name}-${t}`),
    params: ['/app/db/host', '/app/db/password', '/app/feature/flags', '/platform/datadog/api-key', '/app/redis/url'],
    secrets: ['prod/db/master', 'app/stripe', 'ci/github-token'].map((s) => `arn:aws:secretsmanager:${regions[0]}:${account.id}:secret:${s}-${rng.alnum(6)}`),
    targetGroups: regions.map((r) => `arn:aws:elasticloadbalancing:${r}:${account.id}:targetgroup/${account.name}-tg/${rng.hex(16)}`),
    repos: ['api', 'web', 'worker'].map((n) => `${account.name}/${n}`),
    logGroups: ['/aws/lambda/app', '/ecs/api', '/var/log/messages', '/aws/codebuild/deploy'],
    amis: Array.from({ length: 3 }, () => `ami-${rng.hex(17)}`),
    instanceIds: Array.from({ length: 12 }, () => `i-${rng.hex(17)}`),
    sgs: Array.from({ length: 5 }, () => `sg-${rng.hex(17)}`),
  };
  return account.res;
}

const OBJ_KEYS = ['builds/2026/03/app-%.tar.gz', 'reports/daily/%.csv', 'uploads/%/original.jpg', 'exports/%.parquet', 'state/%/terraform.tfstate'];

/**
 * The API calls sessions make. Each returns the call's variable parts; `ctx` has
 * { account, region, res, instance? }. Mostly read-only management calls, some writes,
 * some S3 data events and a few errors, as in real organisation trails.
 */
export const API = {
  DescribeInstances: (rng, c) => ({ src: 'ec2', ro: true, params: { instancesSet: { items: [{ instanceId: rng.pick(c.res.instanceIds) }] }, filterSet: {}, includeAllInstances: false } }),
  DescribeSecurityGroups: (rng, c) => ({ src: 'ec2', ro: true, params: { securityGroupSet: {}, securityGroupIdSet: { items: [{ groupId: rng.pick(c.res.sgs) }] }, filterSet: {} } }),
  DescribeVpcs: () => ({ src: 'ec2', ro: true, params: { vpcSet: {}, filterSet: {} } }),
  DescribeSubnets: (rng, c) => ({ src: 'ec2', ro: true, params: { subnetSet: {}, filterSet: { items: [{ name: 'vpc-id', valueSet: { items: [{ value: `vpc-${c.res.amis[0].slice(4)}` }] } }] } } }),
  DescribeTags: (rng, c) => ({ src: 'ec2', ro: true, params: { filterSet: { items: [{ name: 'resource-id', valueSet: { items: [{ value: c.instance ? c.instance.id : rng.pick(c.res.instanceIds) }] } }] } } }),
  DescribeImages: (rng, c) => ({ src: 'ec2', ro: true, params: { executableBySet: {}, imagesSet: { items: [{ imageId: rng.pick(c.res.amis) }] }, ownersSet: {}, filterSet: {} } }),
  DescribeNetworkInterfaces: (rng, c) => ({ src: 'ec2', ro: true, params: { networkInterfaceIdSet: {}, filterSet: { items: [{ name: 'attachment.instance-id', valueSet: { items: [{ value: rng.pick(c.res.instanceIds) }] } }] } } }),
  CreateTags: (rng, c) => ({ src: 'ec2', ro: false, params: { resourcesSet: { items: [{ resourceId: rng.pick(c.res.instanceIds) }] }, tagSet: { items: [{ key: 'owner', value: 'platform' }, { key: 'cost-center', value: String(rng.int(1000, 9999)) }] } }, resp: { requestId: rng.uuid(), _return: true } }),
  ListBuckets: () => ({ src: 's3', ro: true, host: 's3.amazonaws.com', params: { Host: 's3.amazonaws.com' } }),
  GetBucketAcl: (rng, c) => bucketCall(rng, c, { acl: '' }),
  GetBucketPolicy: (rng, c) => bucketCall(rng, c, { policy: '' }),
  GetBucketLocation: (rng, c) => bucketCall(rng, c, { location: '' }),
  GetBucketEncryption: (rng, c) => bucketCall(rng, c, { encryption: '' }),
  GetObject: (rng, c) => objectCall(rng, c, true),
  PutObject: (rng, c) => objectCall(rng, c, false),
  GetRole: (rng, c) => ({ src: 'iam', ro: true, global: true, params: { roleName: rng.pick(Object.keys(c.account.roles)) } }),
  ListRoles: () => ({ src: 'iam', ro: true, global: true, params: { maxItems: 100 } }),
  ListAttachedRolePolicies: (rng, c) => ({ src: 'iam', ro: true, global: true, params: { roleName: rng.pick(Object.keys(c.account.roles)) } }),
  GetPolicyVersion: (rng, c) => ({ src: 'iam', ro: true, global: true, params: { policyArn: `arn:aws:iam::${c.account.id}:policy/${c.account.name}-boundary`, versionId: `v${rng.int(1, 9)}` } }),
  GetCallerIdentity: () => ({ src: 'sts', ro: true, params: null }),
  Decrypt: (rng, c) => ({ src: 'kms', ro: true, params: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT', encryptionContext: { 'aws:s3:arn': `arn:aws:s3:::${rng.pick(c.res.buckets)}/${objKey(rng)}` } }, resources: kmsResource(c) }),
  GenerateDataKey: (rng, c) => ({ src: 'kms', ro: true, params: { keyId: kmsKey(c), keySpec: 'AES_256', encryptionContext: { 'aws:s3:arn': `arn:aws:s3:::${rng.pick(c.res.buckets)}` } }, resources: kmsResource(c) }),
  GetParameter: (rng, c) => ({ src: 'ssm', ro: true, params: { name: rng.pick(c.res.params), withDecryption: true } }),
  GetParameters: (rng, c) => ({ src: 'ssm', ro: true, params: { names: [rng.pick(c.res.params), rng.pick(c.res.params)], withDecryption: true } }),
  GetSecretValue: (rng, c) => ({ src: 'secretsmanager', ro: true, params: { secretId: rng.pick(c.res.secrets) } }),
  ListFunctions20150331: () => ({ src: 'lambda', ro: true, params: { maxItems: 50 } }),
  GetFunction20150331v2: (rng) => ({ src: 'lambda', ro: true, params: { functionName: rng.pick(['resize-images', 'order-events', 'audit-export']) } }),
  DescribeStacks: (rng, c) => ({ src: 'cloudformation', ro: true, params: { stackName: rng.pick(c.res.stacks) } }),
  DescribeStackEvents: (rng, c) => ({ src: 'cloudformation', ro: true, params: { stackName: rng.pick(c.res.stacks) } }),
  DescribeTable: (rng, c) => ({ src: 'dynamodb', ro: true, params: { tableName: rng.pick(c.res.tables) }, resources: [{ accountId: c.account.id, type: 'AWS::DynamoDB::Table', ARN: `arn:aws:dynamodb:${c.region}:${c.account.id}:table/${rng.pick(c.res.tables)}` }] }),
  DescribeLogGroups: (rng, c) => ({ src: 'logs', ro: true, params: { logGroupNamePrefix: rng.pick(c.res.logGroups).slice(0, 8) } }),
  CreateLogStream: (rng, c) => ({ src: 'logs', ro: false, params: { logGroupName: rng.pick(c.res.logGroups), logStreamName: `${isoSeconds(c.t).slice(0, 10).replace(/-/g, '/')}/[$LATEST]${rng.hex(32)}` } }),
  GetAuthorizationToken: () => ({ src: 'ecr', ro: true, params: { registryIds: [] }, resp: null }),
  BatchGetImage: (rng, c) => ({ src: 'ecr', ro: true, params: { imageIds: [{ imageTag: `v1.${rng.int(0, 40)}.${rng.int(0, 9)}` }], acceptedMediaTypes: ['application/vnd.docker.distribution.manifest.v2+json'], repositoryName: rng.pick(c.res.repos), registryId: c.account.id }, resources: [{ accountId: c.account.id, ARN: `arn:aws:ecr:${c.region}:${c.account.id}:repository/${rng.pick(c.res.repos)}` }] }),
  DescribeTargetHealth: (rng, c) => ({ src: 'elasticloadbalancing', ro: true, params: { targetGroupArn: c.res.targetGroups[0] } }),
  DescribeAutoScalingGroups: () => ({ src: 'autoscaling', ro: true, params: { maxRecords: 100 } }),
  DescribeAlarms: () => ({ src: 'monitoring', ro: true, params: { stateValue: 'ALARM', maxRecords: 100 } }),
  ListUsers: () => ({ src: 'iam', ro: true, global: true, params: { maxItems: 100 } }),
  GetAccountSummary: () => ({ src: 'iam', ro: true, global: true, params: null }),
};

function objKey(rng) {
  return rng.pick(OBJ_KEYS).replace('%', rng.hex(12));
}
function kmsKey(c) {
  return c.res.kmsKeys[Math.max(0, c.regions.indexOf(c.region))] ?? c.res.kmsKeys[0];
}
function kmsResource(c) {
  return [{ accountId: c.account.id, type: 'AWS::KMS::Key', ARN: kmsKey(c) }];
}
function bucketCall(rng, c, extra) {
  const bucketName = rng.pick(c.res.buckets);
  return { src: 's3', ro: true, host: `${bucketName}.s3.${c.region}.amazonaws.com`, params: { bucketName, Host: `${bucketName}.s3.${c.region}.amazonaws.com`, ...extra } };
}
function objectCall(rng, c, read) {
  const bucketName = rng.pick(c.res.buckets);
  const key = objKey(rng);
  const host = `${bucketName}.s3.${c.region}.amazonaws.com`;
  const bytes = rng.logUniform(200, 50_000_000);
  return {
    src: 's3', ro: read, data: true, host,
    params: { bucketName, Host: host, key, ...(read ? {} : { 'x-amz-server-side-encryption': 'aws:kms' }) },
    resp: read ? null : { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': kmsKey(c) },
    aed: { SignatureVersion: 'SigV4', CipherSuite: 'TLS_AES_128_GCM_SHA256', bytesTransferredIn: read ? 0 : bytes, AuthenticationMethod: 'AuthHeader', 'x-amz-id-2': rng.base64(76), bytesTransferredOut: read ? bytes : 0 },
    resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucketName}/${key}` }, { accountId: c.account.id, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucketName}` }],
  };
}

const ERRORS = {
  ec2: ['Client.UnauthorizedOperation', 'You are not authorized to perform this operation. User: %ARN% is not authorized to perform: ec2:%OP% because no identity-based policy allows the ec2:%OP% action'],
  default: ['AccessDenied', 'User: %ARN% is not authorized to perform: %SRC%:%OP% because no identity-based policy allows the %SRC%:%OP% action'],
};

/**
 * One record as JSON text. `f`: { ui (userIdentity JSON), t, src, name, region, ip, ua, params, resp,
 * ro, account (recipient id), eventId, requestId?, sharedEventId?, resources?, aed?, data?, tls (JSON|null),
 * errorArn?, vpce? , eventType? }
 */
export function recordJson(f) {
  let s = `{"eventVersion":"${f.data ? '1.10' : '1.11'}","userIdentity":${f.ui},"eventTime":"${isoSeconds(f.t)}","eventSource":"${f.src}.amazonaws.com","eventName":"${f.name}","awsRegion":"${f.region}","sourceIPAddress":"${f.ip}"`;
  if (f.ua !== undefined) s += `,"userAgent":${JSON.stringify(f.ua)}`;
  if (f.errorArn) {
    const [code, msg] = ERRORS[f.src] ?? ERRORS.default;
    s += `,"errorCode":"${code}","errorMessage":${JSON.stringify(msg.replace('%ARN%', f.errorArn).replaceAll('%OP%', f.name).replaceAll('%SRC%', f.src))}`;
  }
  s += `,"requestParameters":${f.params == null ? 'null' : JSON.stringify(f.params)}`;
  s += `,"responseElements":${f.resp == null || f.errorArn ? 'null' : JSON.stringify(f.resp)}`;
  if (f.aed) s += `,"additionalEventData":${JSON.stringify(f.aed)}`;
  s += `,"requestID":"${f.requestId}","eventID":"${f.eventId}","readOnly":${f.ro}`;
  if (f.resources) s += `,"resources":${JSON.stringify(f.resources)}`;
  s += `,"eventType":"${f.eventType ?? 'AwsApiCall'}","managementEvent":${!f.data},"recipientAccountId":"${f.account}"`;
  if (f.sharedEventId) s += `,"sharedEventID":"${f.sharedEventId}"`;
  if (f.vpce) s += `,"vpcEndpointId":"${f.vpce}","vpcEndpointAccountId":"${f.account}"`;
  s += `,"eventCategory":"${f.data ? 'Data' : 'Management'}"`;
  if (f.tls) s += `,"tlsDetails":${f.tls}`;
  if (f.consoleSession) s += ',"sessionCredentialFromConsole":"true"';
  return s + '}';
}
