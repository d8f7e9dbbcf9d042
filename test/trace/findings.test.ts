// Who used the chain's credentials (src/trace/findings.ts), against the in-memory port: each rule
// has a case that fails if it breaks, and a workload's or a person's own calls get no finding.

import { describe, expect, it } from 'vitest';
import { clientOf } from '../../src/trace/clients.js';
import { awsIpRanges } from '../../src/trace/ip-ranges.js';
import type { Trace, TrailEvent } from '../../src/trace/model.js';
import { walk, type WalkOptions } from '../../src/trace/walk.js';
import { eventsOf, memoryLookups } from '../helpers/memory-lookups.js';
import { apiCall, assumeRole, iamUser, plusSeconds, roleSession, uuid } from '../helpers/records.js';

const A = '111111111111';
const T0 = '2026-03-09T10:00:00Z';
const INSTANCE = 'i-0abc1234def567890';
const ROLE = { account: A, role: 'WebServerRole', roleId: 'AROAWEBSERVER0000001', session: INSTANCE };
const INSTANCE_IP = '3.225.16.109';
const AGENT = 'aws-sdk-go/1.44.0 (go1.20; linux; amd64) amazon-ssm-agent/3.2.1';
const APP = 'Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10 lang/python#3.11.8';
const LAPTOP_IP = '203.0.113.50';
const LAPTOP_CLI = 'aws-cli/2.15.30 Python/3.11.8 Darwin/23.1.0 exe/x86_64 prompt/off command/s3.ls';

/** EC2's own AssumeRole for the instance (spec §3.9), minting `key` at `time`. */
function ec2Issue(key: string, time: string): Record<string, unknown> {
  const r = assumeRole({ caller: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' }, time, recipient: A, roleAccount: A, role: ROLE.role, roleId: ROLE.roleId, session: INSTANCE, issuedKey: key, duration: 21600 });
  return { ...r, sourceIPAddress: 'ec2.amazonaws.com', userAgent: 'ec2.amazonaws.com' };
}

function instanceCall(key: string, created: string, time: string, ip: string, userAgent: string, name = 'DescribeInstances'): Record<string, unknown> {
  const identity = roleSession({ ...ROLE, key, created });
  (identity.sessionContext as Record<string, unknown>).ec2RoleDelivery = '2.0';
  return { ...apiCall({ identity, time, account: A, name, source: 'ec2.amazonaws.com', userAgent }), sourceIPAddress: ip };
}

async function traceOf(records: Record<string, unknown>[], targetId: string, options: WalkOptions = {}): Promise<Trace> {
  const events = eventsOf(records);
  return walk(events.find((e) => e.eventId === targetId) as TrailEvent, memoryLookups(events), options);
}

/** An instance with two credentials from EC2 (a refresh): the agent and the app on each, from the instance. */
function instanceLife() {
  const t1 = plusSeconds(T0, 3600);
  const records = [
    ec2Issue('ASIAFIRSTKEY00000001', T0),
    ec2Issue('ASIASECONDKEY0000002', t1),
    instanceCall('ASIAFIRSTKEY00000001', T0, plusSeconds(T0, 60), INSTANCE_IP, AGENT, 'UpdateInstanceInformation'),
    instanceCall('ASIAFIRSTKEY00000001', T0, plusSeconds(T0, 120), INSTANCE_IP, APP),
    instanceCall('ASIASECONDKEY0000002', t1, plusSeconds(t1, 60), INSTANCE_IP, AGENT, 'UpdateInstanceInformation'),
  ];
  return { records, t1 };
}

describe('findings: a workload\'s credential', () => {
  it('says nothing about the workload\'s own calls, from its own address, with its own clients', async () => {
    const { records, t1 } = instanceLife();
    const own = instanceCall('ASIASECONDKEY0000002', t1, plusSeconds(t1, 300), INSTANCE_IP, APP, 'GetObject');
    const t = await traceOf([...records, own], own.eventID as string);
    expect(t.origin).toMatchObject({ type: 'AWSService', service: 'ec2.amazonaws.com', workload: INSTANCE });
    expect(t.findings).toEqual([]);
  });

  it('is strong when the credential is used from a network the workload never used', async () => {
    const { records, t1 } = instanceLife();
    const stolen = instanceCall('ASIASECONDKEY0000002', t1, plusSeconds(t1, 900), LAPTOP_IP, LAPTOP_CLI, 'ListBuckets');
    const t = await traceOf([...records, stolen], stolen.eventID as string);
    expect(t.findings).toHaveLength(1);
    const f = t.findings[0]!;
    expect(f).toMatchObject({
      kind: 'credential-used-elsewhere', hop: 0, accessKeyId: 'ASIASECONDKEY0000002', strength: 'strong', basis: 'workload',
      observed: { ip: LAPTOP_IP, userAgent: LAPTOP_CLI, eventId: stolen.eventID }, includesTarget: true, calls: 1, ipRanges: 'not given',
    });
    expect(f.expected).toEqual({ ips: [INSTANCE_IP], userAgents: [AGENT, APP].sort(), vpcEndpoints: [] });
    expect(f.why).toBe(
      `The credential was issued to EC2 instance ${INSTANCE}; the target call came from ${LAPTOP_IP} with aws-cli on macOS, ` +
        `a network the instance never used (it used ${INSTANCE_IP}) and a client a person drives, which it never used: likely stolen.`,
    );
  });

  it('reports the stolen use even when the trace is of the workload\'s own call, since the same key was used elsewhere', async () => {
    const { records, t1 } = instanceLife();
    const stolen = instanceCall('ASIASECONDKEY0000002', t1, plusSeconds(t1, 900), LAPTOP_IP, LAPTOP_CLI, 'ListBuckets');
    const own = records.at(-1)!;
    const t = await traceOf([...records, stolen], own.eventID as string);
    expect(t.findings.map((f) => [f.strength, f.observed.ip, f.includesTarget])).toEqual([['strong', LAPTOP_IP, false]]);
    expect(t.findings[0]!.why).toContain('; 1 call came from 203.0.113.50');
  });

  it('finds nothing in another client on the workload\'s own address: that is its host, not elsewhere', async () => {
    const { records, t1 } = instanceLife();
    const other = instanceCall('ASIASECONDKEY0000002', t1, plusSeconds(t1, 900), INSTANCE_IP, 'aws-sdk-go-v2/1.17.0 os/linux lang/go/1.18.10', 'GetSecretValue');
    expect((await traceOf([...records, other], other.eventID as string)).findings).toEqual([]);
  });

  it('names a new SDK from another network among the reasons', async () => {
    const { records, t1 } = instanceLife();
    const odd = instanceCall('ASIASECONDKEY0000002', t1, plusSeconds(t1, 900), '198.51.100.80', 'aws-sdk-go-v2/1.17.0 os/linux lang/go/1.18.10', 'GetSecretValue');
    const t = await traceOf([...records, odd], odd.eventID as string);
    expect(t.findings[0]).toMatchObject({ strength: 'strong', observed: { ip: '198.51.100.80' } });
    expect(t.findings[0]!.why).toContain('a network the instance never used (it used 3.225.16.109) and a client it never used (its own calls came from amazon-ssm-agent, boto3)');
  });

  it('is weak when the workload\'s own network is only presumed from its first call', async () => {
    const issue = ec2Issue('ASIAONLYKEY000000001', T0);
    const first = instanceCall('ASIAONLYKEY000000001', T0, plusSeconds(T0, 60), INSTANCE_IP, APP);
    const later = instanceCall('ASIAONLYKEY000000001', T0, plusSeconds(T0, 600), '198.51.100.99', APP);
    const t = await traceOf([issue, first, later], later.eventID as string);
    expect(t.findings).toHaveLength(1);
    expect(t.findings[0]).toMatchObject({ strength: 'weak', basis: 'first-use', observed: { ip: '198.51.100.99' } });
    expect(t.findings[0]!.why).toContain(`(it used ${INSTANCE_IP}, presumed from its first call)`);
    expect(t.findings[0]!.why).toContain('possibly stolen');
  });

  it('is strong when a person\'s own long-term key called from the same public address', async () => {
    const issue = ec2Issue('ASIAONLYKEY000000001', T0);
    const use = instanceCall('ASIAONLYKEY000000001', T0, plusSeconds(T0, 60), '18.236.253.47', 'custom-tool/1.0');
    const person = { ...apiCall({ identity: iamUser(A, 'christophe', 'AKIACHRISTOPHE000001'), time: T0, account: A }), sourceIPAddress: '18.236.253.47' };
    const t = await traceOf([issue, use, person], use.eventID as string);
    expect(t.findings).toHaveLength(1);
    expect(t.findings[0]).toMatchObject({ strength: 'strong', sharedWith: [{ identityType: 'IAMUser', arn: `arn:aws:iam::${A}:user/christophe`, accessKeyId: 'AKIACHRISTOPHE000001', calls: 1 }] });
    expect(t.findings[0]!.expected.ips).toEqual([]);
    expect(t.findings[0]!.why).toContain('an address IAM user christophe (key AKIACHRISTOPHE000001) also called from (the store holds no call the instance made itself to compare with)');
  });

  it('never counts AWS acting for the credential (AWS Internal, a service name) as another network', async () => {
    const { records, t1 } = instanceLife();
    const fas = instanceCall('ASIASECONDKEY0000002', t1, plusSeconds(t1, 900), 'AWS Internal', 'AWS Internal', 'Decrypt');
    const viaService = instanceCall('ASIASECONDKEY0000002', t1, plusSeconds(t1, 901), 'cloudformation.amazonaws.com', 'cloudformation.amazonaws.com', 'CreateBucket');
    const t = await traceOf([...records, fas, viaService], fas.eventID as string);
    expect(t.findings).toEqual([]);
  });

  it('knows a workload credential from its own records when the issuing call is not in the store', async () => {
    const use = instanceCall('ASIAONLYKEY000000001', T0, plusSeconds(T0, 60), INSTANCE_IP, AGENT);
    const stolen = instanceCall('ASIAONLYKEY000000001', T0, plusSeconds(T0, 600), LAPTOP_IP, LAPTOP_CLI, 'ListBuckets');
    const t = await traceOf([use, stolen], stolen.eventID as string);
    expect(t.status).toBe('broken');
    expect(t.hops[0]!.session.deliveredTo).toEqual({ service: 'ec2.amazonaws.com', workload: INSTANCE });
    expect(t.findings.map((f) => [f.strength, f.observed.ip])).toEqual([['strong', LAPTOP_IP]]);
  });

  it('says whether an address is AWS\'s when ip-ranges.json is given', async () => {
    const ranges = awsIpRanges({
      createDate: '2026-11-30-18-03-12',
      prefixes: [{ ip_prefix: '3.224.0.0/12', region: 'us-east-1', service: 'AMAZON' }, { ip_prefix: '3.224.0.0/12', region: 'us-east-1', service: 'EC2' }],
      ipv6_prefixes: [],
    });
    const issue = ec2Issue('ASIAONLYKEY000000001', T0);
    const first = instanceCall('ASIAONLYKEY000000001', T0, plusSeconds(T0, 60), INSTANCE_IP, APP);
    // A public address outside AWS (documentation addresses are not public: the range check skips them).
    const later = instanceCall('ASIAONLYKEY000000001', T0, plusSeconds(T0, 600), '81.2.69.160', APP);
    const t = await traceOf([issue, first, later], later.eventID as string, { ipRanges: ranges });
    // Presumed network, but an address outside AWS for a workload on AWS: strong.
    expect(t.findings[0]).toMatchObject({ strength: 'strong', ipRanges: 'used', observed: { awsRange: null } });
    expect(t.findings[0]!.why).toContain('(81.2.69.160 is not an AWS address, per ip-ranges.json of 2026-11-30-18-03-12)');
    expect(ranges.lookup(INSTANCE_IP)).toEqual({ prefix: '3.224.0.0/12', region: 'us-east-1', service: 'EC2' });
    expect(ranges.lookup('255.18.064.253')).toBeNull();
  });
});

describe('findings: what is not elsewhere', () => {
  it('finds nothing in the workload\'s own address when a person shares it (a NAT gateway, a bastion)', async () => {
    const { records, t1 } = instanceLife();
    const developer = { ...apiCall({ identity: iamUser(A, 'dev', 'AKIADEV0000000000001'), time: t1, account: A }), sourceIPAddress: INSTANCE_IP };
    const own = instanceCall('ASIASECONDKEY0000002', t1, plusSeconds(t1, 300), INSTANCE_IP, APP, 'GetObject');
    expect((await traceOf([...records, developer, own], own.eventID as string)).findings).toEqual([]);
  });

  it('takes a private address through a VPC endpoint as inside the VPC: no finding for the app, weak for a person\'s client', async () => {
    const { records, t1 } = instanceLife();
    const viaEndpoint: Record<string, unknown> = { ...instanceCall('ASIASECONDKEY0000002', t1, plusSeconds(t1, 300), '10.0.12.34', APP, 'GetObject'), vpcEndpointId: 'vpce-0a1b2c3d4e5f60718' };
    expect((await traceOf([...records, viaEndpoint], viaEndpoint.eventID as string)).findings).toEqual([]);
    const laptopOverVpn: Record<string, unknown> = { ...instanceCall('ASIASECONDKEY0000002', t1, plusSeconds(t1, 400), '10.8.0.22', LAPTOP_CLI, 'ListBuckets'), vpcEndpointId: 'vpce-0a1b2c3d4e5f60718' };
    const t = await traceOf([...records, laptopOverVpn], laptopOverVpn.eventID as string);
    expect(t.findings.map((f) => [f.strength, f.observed.ip])).toEqual([['weak', '10.8.0.22']]);
    expect(t.findings[0]!.why).toContain('a private address through VPC endpoint vpce-0a1b2c3d4e5f60718');
  });

  it('names no one at a private address: private addresses repeat across networks', async () => {
    const { records, t1 } = instanceLife();
    const person = { ...apiCall({ identity: iamUser(A, 'dev', 'AKIADEV0000000000001'), time: t1, account: A }), sourceIPAddress: '192.168.10.20' };
    const stolen = instanceCall('ASIASECONDKEY0000002', t1, plusSeconds(t1, 300), '192.168.10.20', APP, 'ListBuckets');
    const t = await traceOf([...records, person, stolen], stolen.eventID as string);
    expect(t.findings[0]).toMatchObject({ strength: 'strong', sharedWith: [] });
  });
});

describe('findings: a person\'s session', () => {
  const alice = iamUser(A, 'alice', 'AKIAALICE00000000001');

  function chain(useIp: string) {
    const issue = assumeRole({ caller: alice, time: T0, recipient: A, roleAccount: A, role: 'Admin', roleId: 'AROAADMIN00000000001', session: 'alice', issuedKey: 'ASIAADMIN00000000001' });
    const session = roleSession({ account: A, role: 'Admin', roleId: 'AROAADMIN00000000001', session: 'alice', key: 'ASIAADMIN00000000001', created: T0 });
    const use: Record<string, unknown> = { ...apiCall({ identity: session, time: plusSeconds(T0, 60), account: A, userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0' }), sourceIPAddress: useIp };
    return { records: [issue, use], use };
  }

  it('says nothing when the session is used where it was created', async () => {
    const { records, use } = chain('198.51.100.7');
    expect((await traceOf(records, use.eventID as string)).findings).toEqual([]);
  });

  it('is weak when the session moves network', async () => {
    const { records, use } = chain('192.0.2.44');
    const t = await traceOf(records, use.eventID as string);
    expect(t.findings).toHaveLength(1);
    expect(t.findings[0]).toMatchObject({ strength: 'weak', basis: 'issuing-call', hop: 0, observed: { ip: '192.0.2.44' }, expected: { ips: ['198.51.100.7'] } });
    expect(t.findings[0]!.why).toBe(
      'The session was created from 198.51.100.7 with aws-cli on Linux; the target call came from 192.0.2.44 with aws-cli on Linux: ' +
        'the session moved network. Often legitimate (VPN, travel, another office); worth checking.',
    );
  });

  it('says nothing of a long-term key used away from where it was made: keys live for months', async () => {
    const created = {
      ...apiCall({ identity: iamUser(A, 'admin', 'AKIAADMIN00000000001'), time: T0, account: A, source: 'iam.amazonaws.com', name: 'CreateAccessKey', region: 'us-east-1' }),
      sourceIPAddress: '198.51.100.7',
      requestParameters: { userName: 'app' },
      responseElements: { accessKey: { accessKeyId: 'AKIAAPP0000000000001', status: 'Active', userName: 'app', createDate: 'Mar 9, 2026 10:00:00 AM' } },
    };
    const use: Record<string, unknown> = { ...apiCall({ identity: iamUser(A, 'app', 'AKIAAPP0000000000001'), time: plusSeconds(T0, 86400), account: A }), sourceIPAddress: '192.0.2.99' };
    const t = await traceOf([created, use], use.eventID as string);
    expect(t.hops[0]!.issuedBy?.eventName).toBe('CreateAccessKey');
    expect(t.findings).toEqual([]);
  });

  it('has no finding for a trace with no credential', async () => {
    const anonymous = { ...apiCall({ identity: { type: 'AWSAccount', principalId: '', accountId: 'ANONYMOUS_PRINCIPAL' }, time: T0, account: A }), eventID: uuid() };
    expect((await traceOf([anonymous], anonymous.eventID as string)).findings).toEqual([]);
  });
});

describe('clientOf', () => {
  it('names the client, its OS, whether a person drives it and whether only a workload runs it', () => {
    expect(clientOf(LAPTOP_CLI)).toMatchObject({ family: 'aws-cli', os: 'macOS', interactive: true, workloadRuntime: false, words: 'aws-cli on macOS' });
    expect(clientOf(AGENT)).toMatchObject({ family: 'amazon-ssm-agent', interactive: false, workloadRuntime: true });
    expect(clientOf('Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#5.10 exec-env/AWS_Lambda_python3.12')).toMatchObject({ family: 'boto3', workloadRuntime: true });
    expect(clientOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36')).toMatchObject({ family: 'browser', os: 'Windows', interactive: true, words: 'a web browser on Windows' });
    expect(clientOf('console.amazonaws.com')).toMatchObject({ family: 'console', interactive: true });
    expect(clientOf(APP)).toMatchObject({ family: 'boto3', os: 'Linux', interactive: false });
    expect(clientOf(null)).toBeNull();
  });
});
