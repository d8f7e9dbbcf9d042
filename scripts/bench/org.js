// The synthetic organisation behind the bench corpus: accounts, Regions, IAM users with
// long-term keys, roles, EC2 instances and Lambda functions. Built once from the seed.

import { USER_AGENTS } from './records.js';

export const ORG_ID = 'o-benchorg001';

const ALL_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1'];
const ACCOUNT_NAMES = ['identity', 'shared-services', 'prod-payments', 'prod-web', 'staging', 'dev', 'data', 'security',
  'sandbox', 'prod-api', 'analytics', 'logging'];
const USER_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory',
  'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'yusuf', 'zoe', 'amara'];
const APP_NAMES = ['checkout', 'catalog', 'search', 'ledger', 'orders', 'billing', 'web', 'api', 'etl', 'notifier'];
const FN_NAMES = ['resize-images', 'order-events', 'nightly-report', 'slack-alerts', 'token-rotator', 'audit-export',
  'invoice-pdf', 'webhook-ingest', 'cost-digest', 'dns-sync'];

function roleId(rng) { return `AROA${rng.base32(17)}`; }

function makeRole(rng, account, name, pathPrefix = '/', maxSession = 3600) {
  return {
    name,
    account,
    roleId: roleId(rng),
    arn: `arn:aws:iam::${account.id}:role${pathPrefix}${name}`,
    maxSession,
  };
}

function publicIp(rng) {
  return `${rng.pick([3, 18, 34, 35, 44, 52, 54])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/**
 * @param rng  seeded generator (prng.js)
 * @param scale events / 1,000,000: the number of machines grows with the corpus
 */
export function buildOrg(rng, scale) {
  const nAccounts = rng.int(8, 12);
  const nRegions = rng.int(4, 6);
  const regions = ALL_REGIONS.slice(0, nRegions);
  // us-east-1 carries IAM, STS global-endpoint and most workloads (spec §3.10, §4.7).
  const regionWeights = regions.map((r, i) => [r, i === 0 ? 4 : i === 1 ? 2 : 1]);

  const accounts = ACCOUNT_NAMES.slice(0, nAccounts).map((name) => ({
    id: rng.digits(12),
    name,
    roles: {},
  }));
  const identity = accounts[0];
  const shared = accounts[1];
  const workloads = accounts.slice(2);

  for (const acct of accounts) {
    acct.roles.OrganizationAccountAccessRole = makeRole(rng, acct, 'OrganizationAccountAccessRole', '/', 3600);
    acct.roles.Admin = makeRole(rng, acct, 'Admin', '/', 14400);
    acct.roles.ReadOnly = makeRole(rng, acct, 'ReadOnly', '/', 43200);
    acct.roles.DataEngineer = makeRole(rng, acct, 'DataEngineer', '/teams/', 14400);
    acct.roles.Deploy = makeRole(rng, acct, 'Deploy', '/ci/', 3600);
    acct.roles.AuditReader = makeRole(rng, acct, 'AuditReader', '/security/', 3600);
  }

  const users = USER_NAMES.map((userName) => ({
    userName,
    account: identity,
    principalId: `AIDA${rng.base32(17)}`,
    arn: `arn:aws:iam::${identity.id}:user/${userName}`,
    keys: [`AKIA${rng.base32(16)}`, ...(rng.chance(0.3) ? [`AKIA${rng.base32(16)}`] : [])],
    ip: publicIp(rng),
    mfaSerial: `arn:aws:iam::${identity.id}:mfa/${userName}`,
    agent: rng.pick(['cli', 'cli', 'boto', 'terraform', 'console']),
  }));
  const ciBot = {
    userName: 'ci-bot',
    account: identity,
    principalId: `AIDA${rng.base32(17)}`,
    arn: `arn:aws:iam::${identity.id}:user/automation/ci-bot`,
    keys: [`AKIA${rng.base32(16)}`],
    ip: publicIp(rng),
    agent: 'terraform',
  };

  // EC2 instances with instance profiles: app servers in workload accounts, CI runners in shared services.
  const nApp = Math.max(3, Math.round(36 * scale));
  const nRunners = Math.max(1, Math.round(4 * scale));
  const instances = [];
  for (let i = 0; i < nApp + nRunners; i++) {
    const runner = i >= nApp;
    const account = runner ? shared : rng.pick(workloads);
    const app = runner ? 'ci-runner' : rng.pick(APP_NAMES);
    const roleName = `${app}-instance-role`;
    account.roles[roleName] ??= makeRole(rng, account, roleName, '/', 21600);
    instances.push({
      id: `i-${rng.hex(17)}`,
      account,
      region: runner ? regions[0] : rng.weighted(regionWeights),
      role: account.roles[roleName],
      app,
      runner,
      ip: publicIp(rng),
      ua: runner ? USER_AGENTS.ec2[1] : rng.pick(USER_AGENTS.ec2),
      refreshOffset: rng.int(0, 3599),
      // Busy and quiet machines: spreads calls per session over a long tail.
      load: Math.exp((rng.next() - 0.5) * 2.2),
      subnet: `subnet-${rng.hex(17)}`,
      sg: `sg-${rng.hex(17)}`,
      vpc: `vpc-${rng.hex(17)}`,
    });
  }

  const nFns = Math.max(2, Math.round(18 * scale));
  const functions = [];
  for (let i = 0; i < nFns; i++) {
    const account = rng.pick(workloads);
    const name = `${FN_NAMES[i % FN_NAMES.length]}${i >= FN_NAMES.length ? `-${i}` : ''}`;
    const roleName = `${name}-role-${rng.alnum(8).toLowerCase()}`;
    account.roles[roleName] = makeRole(rng, account, roleName, '/service-role/', 43200);
    functions.push({
      name,
      account,
      region: rng.weighted(regionWeights),
      role: account.roles[roleName],
      load: Math.exp((rng.next() - 0.5) * 2),
    });
  }

  // A metrics exporter running outside AWS (a Prometheus exporter on a monitoring host) with its own
  // long-term key: it polls the identity account's APIs every minute, day and night, and so signs a
  // tenth of the trail's calls without ever assuming a role. Made last, so that adding it moved none
  // of the ids above.
  const metricsExporter = {
    userName: 'metrics-exporter',
    account: identity,
    principalId: `AIDA${rng.base32(17)}`,
    arn: `arn:aws:iam::${identity.id}:user/automation/metrics-exporter`,
    keys: [`AKIA${rng.base32(16)}`],
    ip: publicIp(rng),
    agent: 'exporter',
  };

  return { orgId: ORG_ID, accounts, identity, shared, workloads, regions, regionWeights, users, ciBot, metricsExporter, instances, functions };
}
