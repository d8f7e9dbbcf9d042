import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, UNDO_ACTIONS, type ChangeRule } from '../../src/trace/catalogue.js';
import { catalogueCalls, classifyChange, previousDocumentQuery, previousDocumentText, readPath, undoArgv } from '../../src/trace/changes.js';
import { CORPUS } from '../helpers/temp.js';

const IAM = 'iam.amazonaws.com';
const S3 = 's3.amazonaws.com';
const EC2 = 'ec2.amazonaws.com';

/** Every call the scope command must recognise (the brief's list), as CloudTrail names them. */
const REQUIRED: Record<string, string[]> = {
  [IAM]: [
    'CreateAccessKey', 'CreateUser', 'CreateLoginProfile', 'UpdateLoginProfile', 'PutUserPolicy', 'AttachUserPolicy',
    'PutGroupPolicy', 'AttachGroupPolicy', 'PutRolePolicy', 'AttachRolePolicy', 'CreatePolicyVersion',
    'SetDefaultPolicyVersion', 'UpdateAssumeRolePolicy', 'CreateRole', 'AddUserToGroup', 'CreateSAMLProvider',
    'UpdateSAMLProvider', 'CreateOpenIDConnectProvider', 'UpdateOpenIDConnectProviderThumbprint',
    'AddClientIDToOpenIDConnectProvider',
  ],
  'sso.amazonaws.com': ['CreatePermissionSet', 'PutInlinePolicyToPermissionSet', 'AttachManagedPolicyToPermissionSet', 'CreateAccountAssignment'],
  'sts.amazonaws.com': ['AssumeRoot'],
  'cloudtrail.amazonaws.com': ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors'],
  'guardduty.amazonaws.com': [
    'DeleteDetector', 'UpdateDetector', 'CreateFilter', 'UpdateFilter', 'CreateIPSet',
    'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount',
  ],
  'securityhub.amazonaws.com': ['DisableSecurityHub', 'BatchDisableStandards'],
  'config.amazonaws.com': ['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel'],
  'monitoring.amazonaws.com': ['DeleteAlarms', 'DisableAlarmActions'],
  'logs.amazonaws.com': ['DeleteLogGroup'],
  [S3]: [
    'PutBucketLogging', 'PutBucketPolicy', 'PutBucketAcl', 'DeleteBucketPublicAccessBlock', 'PutBucketPublicAccessBlock',
    'PutObjectAcl', 'DeleteBucket', 'PutBucketEncryption', 'CopyObject',
  ],
  [EC2]: [
    'DeleteFlowLogs', 'ModifySnapshotAttribute', 'ModifyImageAttribute', 'RunInstances', 'ModifyInstanceAttribute',
    'GetPasswordData', 'ModifyInstanceMetadataOptions', 'TerminateInstances', 'DeleteVolume', 'DeleteSnapshot',
  ],
  'rds.amazonaws.com': ['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute', 'DeleteDBInstance', 'DeleteDBCluster'],
  'kms.amazonaws.com': ['CreateGrant', 'PutKeyPolicy', 'ScheduleKeyDeletion', 'DisableKey'],
  'lambda.amazonaws.com': ['CreateFunction20150331', 'UpdateFunctionCode20150331v2', 'AddPermission20150331v2', 'CreateFunctionUrlConfig20211031'],
  'ssm.amazonaws.com': ['SendCommand', 'StartSession', 'GetParameter', 'GetParameters'],
  'ecs.amazonaws.com': ['RegisterTaskDefinition'],
  'secretsmanager.amazonaws.com': ['GetSecretValue'],
};

const DOTTED_PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;
const BRACES = /\{([^{}]*)\}/g;

function placeholders(rule: ChangeRule): string[] {
  return (rule.undo?.argv ?? []).flatMap((arg) => [...arg.matchAll(BRACES)].map((m) => m[1] ?? ''));
}

/** Sets a dotted path in a plain object, making lists for numeric segments. */
function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node: Record<string, unknown> = target;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      node[key] = value;
      return;
    }
    const next = keys[i + 1] ?? '';
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = /^\d+$/.test(next) ? [] : {};
    node = node[key] as Record<string, unknown>;
  });
}

/** A record made from the rule's own description: its call, its conditions, a value at every path it reads. */
function recordFor(rule: ChangeRule, omit?: string): Record<string, unknown> {
  const record: Record<string, unknown> = { eventSource: rule.source, eventName: rule.name };
  const kept = (p: string) => omit === undefined || (p !== omit && !p.startsWith(`${omit}.`));
  for (const p of placeholders(rule)) if (p !== 'previous' && kept(p)) setPath(record, p, `value-of-${p}`);
  const id = rule.resource.id[0] ?? '';
  if (kept(id)) setPath(record, id, 'the-resource-id');
  for (const c of rule.when ?? []) {
    if (c.equals !== undefined) setPath(record, c.path, c.equals);
    else if (c.present) setPath(record, c.path, ['x']);
  }
  return record;
}

describe('the catalogue', () => {
  it('has every required call', () => {
    const have = new Set(CATALOGUE.map((r) => `${r.source} ${r.name}`));
    const missing = Object.entries(REQUIRED).flatMap(([source, names]) => names.map((n) => `${source} ${n}`)).filter((c) => !have.has(c));
    expect(missing).toEqual([]);
  });

  it('has one entry per call and condition', () => {
    const keys = CATALOGUE.map((r) => JSON.stringify([r.source, r.name, r.when ?? []]));
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it.each(CATALOGUE.map((r) => [`${r.name}${r.when ? ` ${JSON.stringify(r.when)}` : ''}`, r] as const))('%s is well formed', (_label, rule) => {
    expect(rule.technique).toMatch(/^T\d{4}(\.\d{3})?$/);
    expect(rule.source).toMatch(/^[a-z0-9-]+\.amazonaws\.com$/);
    expect(rule.meaning).toMatch(/^[A-Z].*\.$/);
    expect(rule.resource.type).toMatch(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/);
    expect(rule.resource.id.length).toBeGreaterThan(0);
    for (const p of [...rule.resource.id, ...(rule.resource.arn ?? []), ...(rule.when ?? []).map((c) => c.path)]) expect(p).toMatch(DOTTED_PATH);
    for (const c of rule.when ?? []) expect((c.equals === undefined) !== (c.present === undefined)).toBe(true);
    for (const prev of rule.previous ?? []) {
      for (const p of [...prev.id, prev.document]) expect(p).toMatch(DOTTED_PATH);
    }
  });

  it('fills undo commands only from `previous` or dotted paths, never from a leading position', () => {
    for (const rule of CATALOGUE) {
      for (const p of placeholders(rule)) expect(p === 'previous' || DOTTED_PATH.test(p), `${rule.name}: {${p}}`).toBe(true);
      for (const arg of rule.undo?.argv ?? []) {
        // Braces only as placeholders, and never at the start of an argument, where a value
        // beginning with "-" would read as an option.
        expect(arg.replace(BRACES, ''), `${rule.name}: ${arg}`).not.toMatch(/[{}]/);
        expect(arg.startsWith('{'), `${rule.name}: ${arg}`).toBe(false);
      }
      expect(placeholders(rule).includes('previous'), rule.name).toBe((rule.previous ?? []).length > 0);
    }
  });

  it('uses only the documented undo actions, and all of them', () => {
    const used = new Set(CATALOGUE.flatMap((r) => (r.undo ? [r.undo.action] : [])));
    expect([...used].filter((a) => !(UNDO_ACTIONS as readonly string[]).includes(a))).toEqual([]);
    expect(UNDO_ACTIONS.filter((a) => !used.has(a))).toEqual([]);
    for (const action of UNDO_ACTIONS) expect(action).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
  });

  it('names the region in every undo command but the global IAM ones', () => {
    for (const rule of CATALOGUE) {
      if (!rule.undo) continue;
      expect(rule.undo.argv.includes('--region={awsRegion}'), rule.name).toBe(rule.source !== IAM);
    }
  });

  it.each(CATALOGUE.map((r, i) => [i, r.name, r] as const))('entry %i (%s) classifies a record built from its paths', (_i, _name, rule) => {
    const record = recordFor(rule);
    const match = classifyChange(record);
    expect(match?.rule).toBe(rule);
    expect(match?.resource.type).toBe(rule.resource.type);
    expect(match?.resource.id).toBe('the-resource-id');
    // An ARN only where the builder put a value at one of the rule's ARN paths (some are also id or argv paths).
    expect(match?.resource.arn ?? 'the-resource-id').toMatch(/^(the-resource-id|value-of-)/);
    expect(match?.succeeded).toBe(true);
  });

  it.each(CATALOGUE.filter((r) => r.undo).map((r) => [r.name, r] as const))('%s prints no command with a hole in it', (_name, rule) => {
    const match = classifyChange(recordFor(rule))!;
    const full = undoArgv(match, recordFor(rule), '{"Version":"2012-10-17"}');
    expect(full?.join(' ')).not.toMatch(/\{(previous|[A-Za-z0-9_$.-]+)\}/);
    // A path the rule's conditions require cannot be missing from a record the rule matched.
    const required = new Set((rule.when ?? []).map((c) => c.path));
    for (const p of placeholders(rule).filter((q) => !required.has(q))) {
      if (p === 'previous') expect(undoArgv(match, recordFor(rule))).toBeUndefined();
      else expect(undoArgv(match, recordFor(rule, p), 'doc'), `without ${p}`).toBeUndefined();
    }
  });
});

describe('classifyChange on hand-made records of real shapes', () => {
  it('reads a bucket Block Public Access change by the setting turned off', () => {
    // Shape of a real record (panther-analysis test data): XML element names, an xmlns member.
    const record = {
      eventSource: S3, eventName: 'PutBucketPublicAccessBlock', awsRegion: 'us-west-2',
      requestParameters: {
        publicAccessBlock: [''], bucketName: 'austin-panther', host: ['austin-panther.s3.us-west-2.amazonaws.com'],
        PublicAccessBlockConfiguration: { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/', RestrictPublicBuckets: true, BlockPublicPolicy: false, BlockPublicAcls: true, IgnorePublicAcls: true },
      },
      resources: [{ type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::austin-panther' }],
    };
    const match = classifyChange(record);
    expect(match?.rule.meaning).toContain('BlockPublicPolicy');
    expect(match?.resource).toEqual({ type: 'AWS::S3::Bucket', id: 'austin-panther', arn: 'arn:aws:s3:::austin-panther' });
    const hardened = structuredClone(record);
    hardened.requestParameters.PublicAccessBlockConfiguration.BlockPublicPolicy = true;
    expect(classifyChange(hardened)).toBeUndefined();
  });

  it('reads Identity Center calls (real records of a console session)', () => {
    const created = {
      eventSource: 'sso.amazonaws.com', eventName: 'CreatePermissionSet', awsRegion: 'us-east-1',
      requestParameters: { name: 'AdministratorAccess-test', instanceArn: 'arn:aws:sso:::instance/ssoins-72233af8ea2d1f14', sessionDuration: 'PT12H', tags: [] },
      responseElements: { permissionSet: { name: 'AdministratorAccess-test', permissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-72233af8ea2d1f14/ps-ae5d1fa1f80b684e' } },
    };
    const match = classifyChange(created)!;
    expect(match.resource.id).toBe('arn:aws:sso:::permissionSet/ssoins-72233af8ea2d1f14/ps-ae5d1fa1f80b684e');
    expect(undoArgv(match, created)).toEqual([
      'aws', 'sso-admin', 'delete-permission-set', '--instance-arn=arn:aws:sso:::instance/ssoins-72233af8ea2d1f14',
      '--permission-set-arn=arn:aws:sso:::permissionSet/ssoins-72233af8ea2d1f14/ps-ae5d1fa1f80b684e', '--region=us-east-1',
    ]);
    const assigned = {
      eventSource: 'sso.amazonaws.com', eventName: 'CreateAccountAssignment', awsRegion: 'us-east-1',
      requestParameters: {
        instanceArn: 'arn:aws:sso:::instance/ssoins-72233af8ea2d1f14', targetId: '111122223333', targetType: 'AWS_ACCOUNT',
        permissionSetArn: 'arn:aws:sso:::permissionSet/ssoins-72233af8ea2d1f14/ps-ae5d1fa1f80b684e', principalType: 'GROUP', principalId: '34887428-4081-7042-c3c6-928d413009e7',
      },
    };
    expect(classifyChange(assigned)?.resource.id).toBe('34887428-4081-7042-c3c6-928d413009e7');
  });

  it('tells a share from an unshare (invictus-ir records)', () => {
    const unshare = {
      eventSource: EC2, eventName: 'ModifySnapshotAttribute',
      requestParameters: { snapshotId: 'snap-083d3b857c13988bc', createVolumePermission: { remove: { items: [{ userId: '012345678912' }] } }, attributeType: 'CREATE_VOLUME_PERMISSION' },
    };
    expect(classifyChange(unshare)).toBeUndefined();
    const rdsUnshare = {
      eventSource: 'rds.amazonaws.com', eventName: 'ModifyDBSnapshotAttribute',
      requestParameters: { dBSnapshotIdentifier: 'exfiltration', valuesToRemove: ['193672423079'], attributeName: 'restore' },
    };
    expect(classifyChange(rdsUnshare)).toBeUndefined();
  });

  it('reads conditions on booleans logged as booleans or text', () => {
    const suspend = (enable: unknown) => ({ eventSource: 'guardduty.amazonaws.com', eventName: 'UpdateDetector', requestParameters: { detectorId: 'd-1', enable } });
    expect(classifyChange(suspend(false))?.resource.id).toBe('d-1');
    expect(classifyChange(suspend('false'))?.resource.id).toBe('d-1');
    expect(classifyChange(suspend(true))).toBeUndefined();
    const read = (withDecryption: unknown) => ({ eventSource: 'ssm.amazonaws.com', eventName: 'GetParameter', requestParameters: { name: '/db/password', withDecryption } });
    expect(classifyChange(read(true))?.resource.id).toBe('/db/password');
    expect(classifyChange(read(false))).toBeUndefined();
  });

  it('reads IMDS downgrades in the logged XML shape and the plain one', () => {
    const xml = { eventSource: EC2, eventName: 'ModifyInstanceMetadataOptions', awsRegion: 'us-east-1', requestParameters: { ModifyInstanceMetadataOptionsRequest: { HttpTokens: 'optional', InstanceId: 'i-abcd' } } };
    const match = classifyChange(xml)!;
    expect(match.resource.id).toBe('i-abcd');
    expect(undoArgv(match, xml)).toEqual(['aws', 'ec2', 'modify-instance-metadata-options', '--instance-id=i-abcd', '--http-tokens', 'required', '--region=us-east-1']);
    expect(classifyChange({ ...xml, requestParameters: { ModifyInstanceMetadataOptionsRequest: { HttpTokens: 'required', InstanceId: 'i-abcd' } } })).toBeUndefined();
    expect(classifyChange({ eventSource: EC2, eventName: 'ModifyInstanceMetadataOptions', requestParameters: { instanceId: 'i-ef', httpTokens: 'optional' } })?.resource.id).toBe('i-ef');
  });

  it('reads S3 access logging being turned off, not on', () => {
    const off = { eventSource: S3, eventName: 'PutBucketLogging', requestParameters: { logging: '', bucketName: 'critical-data-bucket', BucketLoggingStatus: { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' } } };
    expect(classifyChange(off)?.resource.id).toBe('critical-data-bucket');
    const on = structuredClone(off) as { requestParameters: { BucketLoggingStatus: Record<string, unknown> } };
    on.requestParameters.BucketLoggingStatus.LoggingEnabled = { TargetBucket: 'logs', TargetPrefix: 'x/' };
    expect(classifyChange(on)).toBeUndefined();
  });

  it('says a call failed when the record has an errorCode', () => {
    const record = { eventSource: IAM, eventName: 'CreateUser', errorCode: 'AccessDenied', requestParameters: { userName: 'x' } };
    expect(classifyChange(record)?.succeeded).toBe(false);
  });

  it('never throws on records of any shape', () => {
    let deep: unknown = { eventSource: IAM, eventName: 'CreateUser' };
    for (let i = 0; i < 100_000; i++) deep = { requestParameters: deep };
    const odd: unknown[] = [
      null, undefined, 0, 'CreateUser', [], [{ eventSource: IAM }], deep, Object.create(null),
      { eventSource: IAM, eventName: 'CreateUser', requestParameters: [] },
      { eventSource: IAM, eventName: 'CreateUser', requestParameters: { userName: { toString: 1 } } },
      { eventSource: ['iam.amazonaws.com'], eventName: 'CreateUser' },
      { eventSource: 'constructor', eventName: '__proto__' },
      { eventSource: IAM, eventName: 'hasOwnProperty' },
    ];
    for (const record of odd) expect(() => classifyChange(record)).not.toThrow();
    expect(classifyChange({ eventSource: IAM, eventName: 'CreateUser', requestParameters: [] })?.resource.id).toBeNull();
  });
});

describe('readPath', () => {
  it('walks objects and list items by index', () => {
    const record = { a: { items: [{ x: 1 }, { x: 'two' }] } };
    expect(readPath(record, 'a.items.1.x')).toBe('two');
    expect(readPath(record, 'a.items.2.x')).toBeUndefined();
    expect(readPath(record, 'a.items.-1')).toBeUndefined();
    expect(readPath(record, 'a.items.length')).toBeUndefined();
  });

  it('reads only own properties', () => {
    expect(readPath({}, 'constructor')).toBeUndefined();
    expect(readPath({}, '__proto__')).toBeUndefined();
    expect(readPath('text', 'length')).toBeUndefined();
    expect(readPath(null, 'a')).toBeUndefined();
  });
});

describe('undoArgv', () => {
  const created = {
    eventSource: IAM, eventName: 'CreateAccessKey',
    requestParameters: { userName: 'malicious-iam-user' },
    responseElements: { accessKey: { accessKeyId: 'AKIAXAFZN8JEPF6L682H', status: 'Active', userName: 'malicious-iam-user' } },
  };

  it('fills placeholders from the record', () => {
    expect(undoArgv(classifyChange(created)!, created)).toEqual([
      'aws', 'iam', 'delete-access-key', '--user-name=malicious-iam-user', '--access-key-id=AKIAXAFZN8JEPF6L682H',
    ]);
  });

  it('returns undefined when a value is missing, empty or not text', () => {
    const match = classifyChange(created)!;
    for (const userName of [undefined, null, '', [], {}]) {
      const record = structuredClone(created) as { responseElements: { accessKey: Record<string, unknown> } };
      record.responseElements.accessKey.userName = userName;
      expect(undoArgv(match, record), JSON.stringify(userName)).toBeUndefined();
    }
  });

  it('refuses values the AWS CLI would load from a file or URL, and values holding NUL', () => {
    const put = (key: string) => ({ eventSource: S3, eventName: 'PutObjectAcl', awsRegion: 'us-east-1', requestParameters: { bucketName: 'b', key } });
    const match = classifyChange(put('a'))!;
    expect(undoArgv(match, put('file:///home/me/.aws/credentials'))).toBeUndefined();
    expect(undoArgv(match, put('FILEB://x'))).toBeUndefined();
    expect(undoArgv(match, put('https://attacker.example/x'))).toBeUndefined();
    expect(undoArgv(match, put('a\0b'))).toBeUndefined();
    expect(undoArgv(match, put('reports/file://not-a-prefix'))).toContain('--key=reports/file://not-a-prefix');
  });

  it('gives a list as JSON text, and leaves hostile text for the shell quoting', () => {
    const shared = { eventSource: 'rds.amazonaws.com', eventName: 'ModifyDBSnapshotAttribute', awsRegion: 'eu-west-1', requestParameters: { attributeName: 'restore', dBSnapshotIdentifier: "snap'; id", valuesToAdd: ['111122223333', 'all'] } };
    expect(undoArgv(classifyChange(shared)!, shared)).toEqual([
      'aws', 'rds', 'modify-db-snapshot-attribute', "--db-snapshot-identifier=snap'; id", '--attribute-name', 'restore',
      '--values-to-remove=["111122223333","all"]', '--region=eu-west-1',
    ]);
  });

  it('fills {previous} with the earlier document, and says where to find it', () => {
    const update = {
      eventSource: IAM, eventName: 'UpdateAssumeRolePolicy',
      requestParameters: { roleName: 'stratus-red-team-backdoor-r-role', policyDocument: '{"Statement":[]}' },
    };
    const match = classifyChange(update)!;
    expect(previousDocumentQuery(match, update)).toEqual([
      { source: IAM, name: 'UpdateAssumeRolePolicy', id: ['requestParameters.roleName'], document: 'requestParameters.policyDocument', resourceId: 'stratus-red-team-backdoor-r-role' },
      { source: IAM, name: 'CreateRole', id: ['requestParameters.roleName'], document: 'requestParameters.assumeRolePolicyDocument', resourceId: 'stratus-red-team-backdoor-r-role' },
    ]);
    expect(undoArgv(match, update)).toBeUndefined();
    expect(undoArgv(match, update, '{"Version":"2012-10-17"}')).toEqual([
      'aws', 'iam', 'update-assume-role-policy', '--role-name=stratus-red-team-backdoor-r-role', '--policy-document={"Version":"2012-10-17"}',
    ]);
  });

  it('turns an earlier document into the text {previous} takes', () => {
    // invictus-ir: S3 logs the bucket policy as a JSON object, IAM logs policies as text.
    const earlierBucket = { requestParameters: { bucketName: 'b', bucketPolicy: { Version: '2012-10-17', Statement: [] } } };
    expect(previousDocumentText(earlierBucket, 'requestParameters.bucketPolicy')).toBe('{"Version":"2012-10-17","Statement":[]}');
    const earlierRole = { requestParameters: { roleName: 'r', assumeRolePolicyDocument: '{"Statement":[]}' } };
    expect(previousDocumentText(earlierRole, 'requestParameters.assumeRolePolicyDocument')).toBe('{"Statement":[]}');
    expect(previousDocumentText(earlierRole, 'requestParameters.missing')).toBeUndefined();
  });

  it('gives no previous-document query without a resource id or a `previous` entry', () => {
    const noRole = { eventSource: IAM, eventName: 'UpdateAssumeRolePolicy', requestParameters: { policyDocument: '{}' } };
    expect(previousDocumentQuery(classifyChange(noRole)!, noRole)).toEqual([]);
    const created = { eventSource: IAM, eventName: 'CreateUser', requestParameters: { userName: 'u' } };
    expect(previousDocumentQuery(classifyChange(created)!, created)).toEqual([]);
  });
});

describe('catalogueCalls', () => {
  it('lists each call once, sorted', () => {
    const calls = catalogueCalls();
    const keys = calls.map((c) => `${c.source} ${c.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(calls).toContainEqual({ source: S3, name: 'PutBucketPublicAccessBlock' });
    expect(calls.filter((c) => c.name === 'PutBucketPublicAccessBlock')).toHaveLength(1);
    expect(calls).toHaveLength(new Set(CATALOGUE.map((r) => `${r.source} ${r.name}`)).size);
  });
});

// The stratus-red-team detonation logs: for each technique, the calls that are its change, read
// from the files by hand (eventName, resource id, whether it succeeded). Nothing else in a file
// may be classified.
const STRATUS = path.join(CORPUS, 'DataDog__stratus-red-team/docs/detonation-logs');

const SECRET_ARN = 'arn:aws:secretsmanager:cn-centraleast-1r:903144391865:secret:stratus-red-team-retrieve-secret-';
const PASSWORD_INSTANCES =
  'i2jnm5swa59p4fxg aq9pmsueolxr81r5 x7jwh6qy39glvq1r vgu76uxucxlpp04e ozzfav7qglzosg49 t3wz01wvchd1i3ji ny0ek1fbv2k4irgb ' +
  'p9e9ocan02xrzude yjhbbydwe3p29swd xjos2kzunblws25p gjzajayb7tgntj7f awmjjnq5sr691kgp nzv1jjfn03nnujti gz7w6xbdutwhlvb2 ' +
  'bf83vbyeoo24svtd qsdkik5t0ihwxj43 jcoba14jc619sc9k yqe6th46jb26scec qivk0oox9ac6grv7 n2d16wuklpqfdsr9 bykprumj5lnfe4oh ' +
  'dcw41yq2wp8h1d58 okja04dckx6yg2uq 8hy3natzpp4ef7ri ymn0oq6iadzm0v0t l2yrvbrcwc3ytkcz gspajwz8z9wrutsz ce85lye2frdpml4s ' +
  'z4rfvoc4sgtoirf6 rbn1gvh843rzs87g';
const SECRETS =
  '18-4Rzn83 17-JF56OW 2-WNXFB1 14-3JB2S0 9-BHrKxX 7-WNXFB1 8-jLR7H1 12-DyLJjP 10-DyLJjP 15-SAZN9Q 4-Rma50d 19-fXrpF0 ' +
  '1-fXrpF0 0-28bajb 16-JcCztd 13-MNjL4W 6-JcCztd 5-fyShdO 3-DyLJjP 11-OyGWSO';

type Expected = [eventName: string, resourceId: string | null, succeeded: boolean];

const STRATUS_CHANGES: Record<string, Expected[]> = {
  'aws.persistence.iam-backdoor-role.json': [['UpdateAssumeRolePolicy', 'stratus-red-team-backdoor-r-role', true]],
  'aws.persistence.iam-backdoor-user.json': [['CreateAccessKey', 'AKIAL80DWDVKKM0UXEER', true]],
  'aws.persistence.iam-create-admin-user.json': [
    ['CreateUser', 'malicious-iam-user', true],
    ['AttachUserPolicy', 'malicious-iam-user', true],
    ['CreateAccessKey', 'AKIAXAFZN8JEPF6L682H', true],
  ],
  'aws.persistence.iam-create-backdoor-role.json': [
    ['CreateRole', 'stratus-red-team-malicious-iam-role', true],
    ['AttachRolePolicy', 'stratus-red-team-malicious-iam-role', true],
  ],
  'aws.persistence.iam-create-user-login-profile.json': [['CreateLoginProfile', 'stratus-red-team-login-profile-user', true]],
  'aws.persistence.lambda-backdoor-function.json': [['AddPermission20150331v2', 'stratus-red-team-backdoor-f-func', true]],
  'aws.persistence.lambda-layer-extension.json': [['UpdateFunctionConfiguration20150331v2', 'stratus-red-team-lambda-layer-simpleLambda', true]],
  'aws.persistence.lambda-overwrite-code.json': [['UpdateFunctionCode20150331v2', 'stratus-red-team-olc-func-vayhjqkdav', true]],
  'aws.persistence.rolesanywhere-create-trust-anchor.json': [
    ['CreateTrustAnchor', '4d07f6a0-1c50-44d3-951b-b68b783daa0a', true],
    ['CreateProfile', '910042eb-8463-427d-8095-6fd60ac303d9', true],
  ],
  'aws.persistence.sts-federation-token.json': [['GetFederationToken', '742491224508:stratus_red_team', true]],
  'aws.privilege-escalation.iam-update-user-login-profile.json': [['UpdateLoginProfile', 'stratus-red-team-update-login-profile-user', true]],
  'aws.defense-evasion.cloudtrail-delete.json': [['DeleteTrail', 'stratus-red-team-cloudtraild-trail-kvrwohmiai', true]],
  'aws.defense-evasion.cloudtrail-event-selectors.json': [['PutEventSelectors', 'stratus-red-team-ctes-trail-khlvciwdor', true]],
  'aws.defense-evasion.cloudtrail-stop.json': [['StopLogging', 'stratus-red-team-ct-stop-trail-buykxbqejv', true]],
  'aws.defense-evasion.dns-delete-logs.json': [['DeleteResolverQueryLogConfig', 'rqlc-4473f20ca554c07', true]],
  // The detonation was refused (AccessDenied): still a change attempted by the credentials.
  'aws.defense-evasion.organizations-leave.json': [['LeaveOrganization', '307578594326', false]],
  'aws.defense-evasion.vpc-remove-flow-logs.json': [['DeleteFlowLogs', 'fl-0e17aa62a21d4bbfe', true]],
  'aws.exfiltration.ec2-security-group-open-port-22-ingress.json': [['AuthorizeSecurityGroupIngress', 'sg-003dc7f1f1c686164', true]],
  'aws.exfiltration.ec2-share-ami.json': [['ModifyImageAttribute', 'ami-de1fbCab6ccB03e6D', true]],
  'aws.exfiltration.ec2-share-ebs-snapshot.json': [['ModifySnapshotAttribute', 'snap-041993b54a9b3af6f', true]],
  'aws.exfiltration.rds-share-snapshot.json': [['ModifyDBSnapshotAttribute', 'exfiltration', true]],
  'aws.credential-access.ec2-get-password-data.json': PASSWORD_INSTANCES.split(' ').map((id) => ['GetPasswordData', `i-${id}`, false]),
  'aws.credential-access.ec2-steal-instance-credentials.json': [['SendCommand', 'i-786a3A8B5C0d92eF4', true]],
  // Read by tag filter: the record names no secret (requestParameters.filters, responseElements null).
  'aws.credential-access.secretsmanager-batch-retrieve-secrets.json': Array.from({ length: 5 }, (): Expected => ['BatchGetSecretValue', null, true]),
  'aws.credential-access.secretsmanager-retrieve-secrets.json': SECRETS.split(' ').map((s) => ['GetSecretValue', `${SECRET_ARN}${s}`, true]),
  'aws.credential-access.ssm-retrieve-securestring-parameters.json': ['1', '11', '10', '0', '12'].map((n) => ['GetParameters', `/credentials/stratus-red-team/credentials-${n}`, true]),
  'aws.impact.bedrock-invoke-model.json': [['InvokeModel', 'anthropic.claude-3-sonnet-20240229-v1:0', true]],
  'aws.execution.ec2-user-data.json': [['ModifyInstanceAttribute', 'i-DDd6c7B0e18F0E35f', true]],
  // Refused: no instance was made, so there is no instance id.
  'aws.execution.ec2-launch-unusual-instances.json': [['RunInstances', null, false]],
  'aws.execution.ssm-send-command.json': [['SendCommand', 'i-00456A8D163f546Ff', true]],
  'aws.execution.ssm-start-session.json': [
    ['StartSession', 'i-eA1d1296c1dE3Aa1f', true],
    ['StartSession', 'i-d0b6DCBA8984dE148', true],
    ['StartSession', 'i-d3720C7af6fCfF2B2', true],
  ],
  // Techniques whose calls change nothing the scope command undoes.
  'aws.discovery.ec2-download-user-data.json': [],
  'aws.initial-access.console-login-without-mfa.json': [],
  'aws.lateral-movement.ec2-instance-connect.json': [],
  'aws.lateral-movement.ec2-serial-console-send-ssh-public-key.json': [],
};

function readRecords(file: string): unknown[] {
  const bytes = readFileSync(path.join(STRATUS, file));
  const parsed: unknown = JSON.parse((file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
  if (Array.isArray(parsed)) return parsed;
  const records = (parsed as { Records?: unknown }).Records;
  return Array.isArray(records) ? records : [];
}

/** A list in a fixed order, to compare what was found with what was expected whatever the file's order. */
function sorted(list: Expected[]): Expected[] {
  return [...list].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

const corpusPresent = existsSync(STRATUS);
if (!corpusPresent) console.warn(`skipping the catalogue's corpus tests: ${STRATUS} is absent`);

describe.skipIf(!corpusPresent)('classifyChange on the stratus-red-team detonation logs', () => {
  it('has an expectation for every detonation log', () => {
    expect(readdirSync(STRATUS).sort()).toEqual(Object.keys(STRATUS_CHANGES).sort());
  });

  it.each(Object.entries(STRATUS_CHANGES))('%s', (file, expected) => {
    const found = readRecords(file).flatMap((record): Expected[] => {
      const match = classifyChange(record);
      return match ? [[String(readPath(record, 'eventName')), match.resource.id, match.succeeded]] : [];
    });
    expect(sorted(found)).toEqual(sorted(expected));
  });
});
