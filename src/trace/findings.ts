// Who used the chain's credentials, not only whose they were. The chain and its origin say whose
// credential signed each call; a credential can be copied. For each hop this compares where its
// credential was used (source IPs, user agents, VPC endpoints) with where it should have been:
//
// - A workload's credential (EC2 instance, ECS task, Lambda function, EKS pod, any AWS-service
//   origin) should be used where the workload runs. That context is learnt from the calls of every
//   credential issued under the workload's session ARN (each refresh), counting only the calls
//   whose client is an agent or runtime that runs inside the workload (the SSM, ECS or CloudWatch
//   agent, an SDK reporting the Lambda or ECS execution environment) and the SDKs used from the
//   same addresses. Without such calls, the workload's first call is presumed to be its own, and
//   findings built on that are weak. A call from another network is strong evidence the key was
//   taken (GuardDuty's InstanceCredentialExfiltration finding rests on the same fact), and so is an
//   interactive client (the AWS CLI, a browser, a desktop OS) the workload never used, or an
//   address a person's own credentials also called from.
// - A person's session should be used from where it was created (the issuing call's address);
//   use from another network is weak: VPNs, travel and office egress change addresses too.
//
// Calls AWS makes on a credential's behalf (`AWS Internal`, a service name as source) are never
// findings. Pure: the calls come through the lookup port.

import { signsPerRequest } from './activity.js';
import { clientOf, isAwsNetwork, type Client } from './clients.js';
import { isPublicAddress, type AwsIpRanges } from './ip-ranges.js';
import type { AddressUser, TraceLookups, UsageRow, Whereabouts } from './lookups.js';
import { MAX_SESSION_MS } from './link.js';
import { DAY, formatIso, toMs } from './time.js';
import type { AddressSharer, Finding, FindingStrength, Hop, Trace } from './model.js';

export interface FindingOptions {
  /** AWS's ip-ranges.json, when the user gave it. */
  ipRanges?: AwsIpRanges;
}

/** Most findings of one hop (one per context); the rest are counted in the last one's words. */
const MAX_PER_HOP = 8;

/** A workload a credential was issued to: the service and its own id (instance, function, task, pod). */
interface Workload {
  service: string;
  id: string | null;
}

/** One context the credential was used from: an address and a client, all calls there. */
type Context = Pick<UsageRow, 'sourceIp' | 'userAgent' | 'vpcEndpointId' | 'calls' | 'first' | 'last' | 'firstEventId'>;

const WORKLOAD_NOUNS: Record<string, [string, string]> = {
  'ec2.amazonaws.com': ['EC2 instance', 'the instance'],
  'lambda.amazonaws.com': ['Lambda function', 'the function'],
  'ecs-tasks.amazonaws.com': ['ECS task', 'the task'],
  'pods.eks.amazonaws.com': ['EKS pod', 'the pod'],
};

function workloadName(w: Workload): { full: string; short: string } {
  const [noun, short] = WORKLOAD_NOUNS[w.service] ?? [`workload of ${w.service}`, 'the workload'];
  return { full: w.id ? `${noun} ${w.id}` : `an ${noun}`.replace(/^an ([^AEIOU])/, 'a $1'), short };
}

/** The workload a hop's credential was issued to: an AWS-service origin minted it, or its records say so. */
function workloadOf(trace: Trace, index: number): Workload | null {
  const hop = trace.hops[index]!;
  const origin = trace.origin;
  if (index === trace.hops.length - 1 && origin?.type === 'AWSService' && origin.service) {
    return { service: origin.service, id: origin.workload ?? null };
  }
  return hop.session.deliveredTo ? { service: hop.session.deliveredTo.service, id: hop.session.deliveredTo.workload } : null;
}

function present(value: string | null | undefined): value is string {
  return value !== null && value !== undefined && value !== '';
}

/** The rows made with the hop's own credential (the rule of src/trace/activity.ts chainMatch). */
function ownRows(hop: Hop, rows: UsageRow[]): UsageRow[] {
  const s = hop.session;
  const perRequest = signsPerRequest(hop) && present(s.principalId) && present(s.createdAt);
  return rows.filter((r) => r.scope === 'credential' &&
    (present(s.accessKeyId) && r.accessKeyId === s.accessKeyId) ||
    (perRequest && r.principalId === s.principalId && r.createdAt === s.createdAt));
}

/**
 * Rows merged by address and client (over keys, VPC endpoints and the versions and API names an SDK
 * puts in its user agent), oldest first; a context shows its first call's user agent.
 */
function contexts(rows: UsageRow[]): Context[] {
  const merged = new Map<string, Context>();
  for (const r of [...rows].sort((a, b) => a.first.localeCompare(b.first) || a.firstEventId.localeCompare(b.firstEventId))) {
    const client = clientOf(r.userAgent);
    const key = JSON.stringify([r.sourceIp, client ? [client.family, client.os] : null]);
    const c = merged.get(key);
    if (!c) {
      const { sourceIp, userAgent, vpcEndpointId, calls, first, last, firstEventId } = r;
      merged.set(key, { sourceIp, userAgent, vpcEndpointId, calls, first, last, firstEventId });
      continue;
    }
    c.calls += r.calls;
    if (r.last > c.last) c.last = r.last;
    c.vpcEndpointId ??= r.vpcEndpointId;
  }
  return [...merged.values()].sort((a, b) => a.first.localeCompare(b.first) || a.firstEventId.localeCompare(b.firstEventId));
}

function sorted(values: Iterable<string | null>): string[] {
  return [...new Set([...values].filter(present))].sort();
}

interface Expected {
  ips: Set<string>;
  vpcEndpoints: Set<string>;
  families: Set<string>;
  userAgents: Set<string>;
  basis: Finding['basis'];
}

/**
 * Where the workload itself runs, from the calls under its session ARN by any of its credentials:
 * the addresses its agents and runtimes called from, then every client seen at those addresses.
 * Without an agent or runtime call, the workload's first call is presumed its own.
 */
function workloadExpected(all: Context[]): Expected | null {
  const outside = all.filter((c) => !isAwsNetwork(c.sourceIp));
  let anchors = outside.filter((c) => clientOf(c.userAgent)?.workloadRuntime);
  let basis: Finding['basis'] = 'workload';
  if (anchors.length === 0) {
    if (outside.length === 0) return null;
    anchors = [outside[0]!];
    basis = 'first-use';
  }
  const ips = new Set(anchors.map((c) => c.sourceIp).filter(present));
  const vpcEndpoints = new Set(anchors.map((c) => c.vpcEndpointId).filter(present));
  const home = outside.filter((c) => (present(c.sourceIp) && ips.has(c.sourceIp)) || (present(c.vpcEndpointId) && vpcEndpoints.has(c.vpcEndpointId)));
  return {
    ips,
    vpcEndpoints,
    families: new Set(home.map((c) => clientOf(c.userAgent)?.family).filter(present)),
    userAgents: new Set(home.map((c) => c.userAgent).filter(present)),
    basis,
  };
}

function fromHere(c: Context, expected: Expected): boolean {
  return (present(c.sourceIp) && expected.ips.has(c.sourceIp)) || (present(c.vpcEndpointId) && expected.vpcEndpoints.has(c.vpcEndpointId));
}

/** A private address through a VPC endpoint: a call from inside a VPC (or a network joined to it). */
function insideVpc(c: Context): boolean {
  return present(c.vpcEndpointId) && present(c.sourceIp) && !isPublicAddress(c.sourceIp);
}

/** "a", "a and b", "a, b and c". */
function listWords(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** "this call", "the target call and 3 more", "12 calls". */
function callWords(c: Context, includesTarget: boolean): string {
  if (includesTarget) return c.calls === 1 ? 'the target call' : `the target call and ${c.calls - 1} more`;
  return c.calls === 1 ? '1 call' : `${c.calls.toLocaleString('en-US')} calls`;
}

function clientWords(client: Client | null): string {
  return client ? ` with ${client.words}` : '';
}

function sharerWords(sharers: AddressSharer[]): string {
  const named = sharers.slice(0, 2).map((s) => {
    const name = s.arn ? s.arn.replace(/^arn:[^:]+:(iam|sts)::\d+:/, '') : s.identityType;
    return `${s.identityType === 'IAMUser' ? 'IAM user ' : ''}${name.replace(/^user\//, '')}${s.accessKeyId ? ` (key ${s.accessKeyId})` : ''}`;
  });
  return named.join(' and ') + (sharers.length > 2 ? ` and ${sharers.length - 2} more` : '');
}

function awsRangeWords(options: FindingOptions, ip: string | null): { range: string | null; words: string } {
  if (!options.ipRanges || !present(ip) || !isPublicAddress(ip)) return { range: null, words: '' };
  const r = options.ipRanges.lookup(ip);
  const date = options.ipRanges.createDate ? ` of ${options.ipRanges.createDate}` : '';
  return r
    ? { range: `${r.service} ${r.region} ${r.prefix}`, words: ` (${ip} is AWS's: ${r.service} in ${r.region}, per ip-ranges.json${date})` }
    : { range: null, words: ` (${ip} is not an AWS address, per ip-ranges.json${date})` };
}

/** Whether a context of hop `hopIndex`'s credential is the one the target call came from. */
function holdsTarget(hopIndex: number, c: Context, trace: Trace): boolean {
  const client = clientOf(c.userAgent);
  const target = clientOf(trace.target.userAgent);
  return hopIndex === 0 && c.sourceIp === trace.target.sourceIPAddress && client?.family === target?.family && client?.os === target?.os;
}

function finding(
  hopIndex: number, hop: Hop, c: Context, trace: Trace, expected: Expected, strength: FindingStrength, why: string,
  sharedWith: AddressSharer[], options: FindingOptions, awsRange: string | null,
): Finding {
  return {
    kind: 'credential-used-elsewhere',
    hop: hopIndex,
    accessKeyId: hop.session.accessKeyId,
    observed: { ip: c.sourceIp, userAgent: c.userAgent, eventId: c.firstEventId, time: c.first, vpcEndpointId: c.vpcEndpointId, awsRange },
    expected: { ips: sorted(expected.ips), userAgents: sorted(expected.userAgents), vpcEndpoints: sorted(expected.vpcEndpoints) },
    strength,
    why,
    calls: c.calls,
    first: c.first,
    last: c.last,
    includesTarget: holdsTarget(hopIndex, c, trace),
    sharedWith,
    basis: expected.basis,
    ipRanges: options.ipRanges ? 'used' : 'not given',
  };
}

/** The people who called from a public address (the store answers for public ones only). */
function sharersAt(ip: string | null, users: AddressUser[]): AddressSharer[] {
  if (!present(ip) || !isPublicAddress(ip)) return [];
  return users
    .filter((u) => u.ip === ip)
    .map((u) => ({ identityType: u.identityType, arn: u.arn, accessKeyId: u.accessKeyId, calls: u.calls }));
}

/** The contexts of a workload's credential outside the workload, each a finding. */
function workloadFindings(
  hopIndex: number, hop: Hop, workload: Workload, own: Context[], all: Context[], users: AddressUser[], trace: Trace, options: FindingOptions,
): Finding[] {
  const expected = workloadExpected(all);
  if (!expected) return [];
  const name = workloadName(workload);
  const out: Finding[] = [];
  for (const c of own) {
    if (isAwsNetwork(c.sourceIp)) continue;
    const client = clientOf(c.userAgent);
    const established = expected.basis === 'workload';
    const home = fromHere(c, expected);
    const vpc = !home && insideVpc(c);
    const networkNew = !home && !vpc;
    // An address a person's own credentials called from (public ones only: private addresses repeat
    // across networks): a laptop. It weighs only off the workload's known network: a NAT gateway or
    // bastion a developer shares with the workload is still the workload's own address.
    const sharedWith = (networkNew || !established) ? sharersAt(c.sourceIp, users) : [];
    const personsAddress = sharedWith.length > 0;
    const clientNew = client !== null && !expected.families.has(client.family);
    const interactiveNew = clientNew && client.interactive;
    // Used elsewhere: from another network, or from a person's address; from inside a VPC through
    // an endpoint, only a client a person drives. Another client on the workload's own address is
    // the workload's host, not elsewhere, and no finding on its own.
    if (!networkNew && !personsAddress && !(vpc && interactiveNew)) continue;
    const aws = awsRangeWords(options, c.sourceIp);
    const notAws = options.ipRanges !== undefined && present(c.sourceIp) && isPublicAddress(c.sourceIp) && aws.range === null;
    const reasons: string[] = [];
    if (vpc) reasons.push(`a private address through VPC endpoint ${c.vpcEndpointId} the workload's own calls did not use`);
    if (networkNew) {
      const known = sorted(expected.ips).slice(0, 2).join(', ');
      reasons.push(`a network ${name.short} never used${known ? ` (it used ${known}${established ? '' : ', presumed from its first call'})` : ''}`);
    }
    const it = networkNew ? 'it' : name.short;
    if (interactiveNew) reasons.push(`a client a person drives, which ${it} never used`);
    else if (clientNew && established) reasons.push(`a client ${it} never used (its own calls came from ${sorted(expected.families).slice(0, 3).join(', ')})`);
    // The workload's only calls are presumed its own: there is nothing of its own to compare with.
    const nothingToCompare = !established && !networkNew;
    if (sharedWith.length > 0) {
      reasons.push(`an address ${sharerWords(sharedWith)} also called from${nothingToCompare ? ` (the store holds no call ${name.short} made itself to compare with)` : ''}`);
    }
    // From inside a VPC the network says little: at most weak.
    const strong = !vpc && (established || interactiveNew || personsAddress || notAws);
    const strength: FindingStrength = strong ? 'strong' : 'weak';
    const verdict = strong ? 'likely stolen' : 'possibly stolen; check where the workload runs';
    const why = `The credential was issued to ${name.full}; ${callWords(c, holdsTarget(hopIndex, c, trace))} came from ${c.sourceIp ?? 'no recorded address'}${clientWords(client)}, ` +
      `${listWords(reasons)}${aws.words}: ${verdict}.`;
    const compared = nothingToCompare ? { ...expected, ips: new Set<string>(), vpcEndpoints: new Set<string>(), userAgents: new Set<string>() } : expected;
    out.push(finding(hopIndex, hop, c, trace, compared, strength, why, sharedWith, options, aws.range));
  }
  return out;
}

/** Calls that mint a session a person uses from where they called (not AssumeRoleWithSAML: Identity Center calls it). */
const SESSION_MINTS = new Set(['AssumeRole', 'AssumeRoleWithWebIdentity', 'GetSessionToken', 'GetFederationToken', 'AssumeRoot']);

/** A person's session used from another network than the one it was created from: weak. */
function sessionFindings(hopIndex: number, hop: Hop, own: Context[], users: AddressUser[], trace: Trace, options: FindingOptions): Finding[] {
  const issued = hop.issuedBy;
  // Identity Center's AssumeRoleWithSAML is made by the service itself, from AWS's addresses; a
  // long-term key or a password is used for months, from anywhere: where it was made says little.
  if (!issued || !present(issued.sourceIPAddress) || isAwsNetwork(issued.sourceIPAddress) || !SESSION_MINTS.has(issued.eventName)) return [];
  const home = issued.sourceIPAddress;
  const expected: Expected = {
    ips: new Set([home]),
    vpcEndpoints: new Set(),
    families: new Set([clientOf(issued.userAgent)?.family].filter(present)),
    userAgents: new Set([issued.userAgent].filter(present)),
    basis: 'issuing-call',
  };
  const out: Finding[] = [];
  for (const c of own) {
    if (isAwsNetwork(c.sourceIp) || !present(c.sourceIp) || c.sourceIp === home) continue;
    const aws = awsRangeWords(options, c.sourceIp);
    const why = `The session was created from ${home}${clientWords(clientOf(issued.userAgent))}; ${callWords(c, holdsTarget(hopIndex, c, trace))} came from ${c.sourceIp}` +
      `${clientWords(clientOf(c.userAgent))}${aws.words}: the session moved network. Often legitimate (VPN, travel, another office); worth checking.`;
    out.push(finding(hopIndex, hop, c, trace, expected, 'weak', why, sharersAt(c.sourceIp, users), options, aws.range));
  }
  return out;
}

/** Hop by hop, the target's own context first, strong before weak, then by time; a hop's findings capped. */
function settle(found: Finding[]): Finding[] {
  const ordered = [...found].sort((a, b) =>
    a.hop - b.hop || Number(b.includesTarget) - Number(a.includesTarget) || (a.strength === b.strength ? 0 : a.strength === 'strong' ? -1 : 1) ||
    a.first.localeCompare(b.first) || a.observed.eventId.localeCompare(b.observed.eventId));
  const out: Finding[] = [];
  for (const f of ordered) {
    const ofHop = out.filter((o) => o.hop === f.hop);
    if (ofHop.length < MAX_PER_HOP) out.push(f);
    else if (ofHop.length === MAX_PER_HOP) ofHop.at(-1)!.why += ` (more contexts of this credential are not listed: ${ordered.filter((o) => o.hop === f.hop).length - MAX_PER_HOP} more)`;
  }
  return out;
}

/**
 * Where the calls made with the chain's credentials are logged: the sessions' accounts, any
 * region, from the first session's creation until the longest session could last past the
 * target. A long-term key's uses are looked for from a day before the target: its creation can be
 * years back, and a fetch would read every day since (in the store, all are read).
 */
function usageWhereabouts(trace: Trace, hops: Hop[]): Whereabouts {
  const target = toMs(trace.target.eventTime);
  const temporary = (h: Hop) => !h.session.accessKeyId?.startsWith('AKIA') && h.session.createdAt;
  const starts = hops.map((h) => (temporary(h) ? toMs(h.session.createdAt!) : target - DAY));
  const accounts = [...new Set(hops.map((h) => h.session.accountId).filter(present))].sort();
  return {
    accounts: accounts.length ? accounts : null,
    regions: null,
    window: { from: formatIso(Math.min(target, ...starts)), to: formatIso(target + MAX_SESSION_MS) },
  };
}

/** Findings about who used the chain's credentials (the trace contract's `findings`). */
export async function credentialFindings(trace: Trace, lookups: TraceLookups, options: FindingOptions = {}): Promise<Finding[]> {
  if (trace.status === 'no-identity' || trace.hops.length === 0) return [];
  const hops = trace.hops.map((hop, index) => ({ hop, index, workload: workloadOf(trace, index) }));
  const keyed = hops.filter(({ hop }) => present(hop.session.accessKeyId) || (signsPerRequest(hop) && present(hop.session.principalId)));
  if (keyed.length === 0) return [];
  const where = usageWhereabouts(trace, keyed.map(({ hop }) => hop));
  const rows = await lookups.credentialUsage({
    accessKeys: sorted(keyed.map(({ hop }) => hop.session.accessKeyId)),
    sessions: keyed
      .filter(({ hop }) => signsPerRequest(hop) && present(hop.session.principalId) && present(hop.session.createdAt))
      .map(({ hop }) => ({ principalId: hop.session.principalId!, createdAt: hop.session.createdAt! })),
    arns: sorted(keyed.filter(({ workload }) => workload).map(({ hop }) => hop.session.arn)),
  }, where);
  const perHop = keyed.map(({ hop, index, workload }) => {
    const own = contexts(ownRows(hop, rows));
    const underArn = rows.filter((r) => r.scope === 'arn' && r.arn === hop.session.arn);
    return { hop, index, workload, own, all: workload ? (underArn.length > 0 ? contexts(underArn) : own) : [] };
  });
  // Who else called from an address matters only for public ones off the expected network.
  const ips = sorted(perHop.flatMap(({ hop, workload, own, all }) => {
    const expected = workload ? workloadExpected(all) : null;
    const away = own.filter((c) => !isAwsNetwork(c.sourceIp) && present(c.sourceIp) && isPublicAddress(c.sourceIp));
    if (!workload) return away.filter((c) => c.sourceIp !== hop.issuedBy?.sourceIPAddress).map((c) => c.sourceIp);
    return away.filter((c) => !expected || expected.basis !== 'workload' || !fromHere(c, expected)).map((c) => c.sourceIp);
  }));
  const users = ips.length > 0 ? await lookups.addressUsers(ips, sorted(keyed.map(({ hop }) => hop.session.arn)), where) : [];
  const found = perHop.flatMap(({ hop, index, workload, own, all }) =>
    workload ? workloadFindings(index, hop, workload, own, all, users, trace, options) : sessionFindings(index, hop, own, users, trace, options));
  return settle(found);
}
