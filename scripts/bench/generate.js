#!/usr/bin/env node
// Synthetic organisation-trail corpus for `npm run bench` (never committed: bench-data/ is ignored).
//
//   node scripts/bench/generate.js --events 1000000 --out bench-data/corpus [--seed 1] [--small-files]
//
// --small-files: the shape of a real account's trail, where CloudTrail delivers a file about every
// 5 minutes per account and region, most holding a few events (thousands of files of a few KB).
//
// Layout (spec §5.1): DIR/AWSLogs/o-benchorg001/<acct>/CloudTrail/<region>/YYYY/MM/DD/
//   <acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 alnum>.json.gz, each a gzip of {"Records":[…]},
// records unordered within a file, ~0.5% of records delivered twice (in a later file).
// DIR/targets.json: 200 event ids to trace, with the trace each should produce by construction.
// DIR/manifest.json: counts and sizes, and the keys to time `scope` from (`scope`: chosen by a rule
// from what was generated); the bench reuses a corpus whose manifest matches.
//
// Streams: simulated hour by hour, each record is routed into a per-(account, region) file
// buffer that is written out when full. Memory stays well under 1 GB for any event count.

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { gzip } from 'node:zlib';
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createRng } from './prng.js';
import { buildOrg } from './org.js';
import { USER_AGENTS } from './records.js';
import { EXPORTER_META, IAM_META, createSessionFactory } from './sessions.js';

// 2: the metrics exporter (a tenth of the calls, on one long-term key) and the scope starts.
export const GENERATOR_VERSION = 'trail-trace-bench-corpus/2';
const T0 = Date.UTC(2026, 2, 2) / 1000; // Monday 2 March 2026, 00:00 UTC
const PLANNED_HOURS = 7 * 24;
const TARGET_COUNT = 200;
const DUPLICATE_RATE = 0.005;
const MAX_BUFFER_AGE = 30 * 3600; // a quiet account/region still gets a file at least this often
const SMALL_FILE_AGE = 5 * 60; // --small-files: CloudTrail's delivery interval
const WRITE_CONCURRENCY = 3;
/** The metrics exporter's share of the corpus's events: 100,000 calls at a million (issue "Scope the incident" 7). */
const EXPORTER_SHARE = 0.1;
const EXPORTER_SCRAPE_SECONDS = 60;
/** The scope start is the long-term key whose minted credentials number closest to this (the same issue). */
const SCOPE_DESCENDANTS = 50;

// Which events the 200 traces start from, repeated every 20 slots: mostly role sessions
// 1-3 hops deep of every kind, some IAM-user long-term-key events, a few whose issuance is
// not in the logs. 'category:kind' also fixes the kind of session (human, ec2, lambda, ci).
const SLOT_PATTERN = ['d1:ec2', 'd2:human', 'd1:human', 'd3:ci', 'd1:lambda', 'd2:ci', 'iam', 'd1:ci', 'd3:human', 'd2:lambda',
  'd1:ec2', 'any', 'd2:human', 'd1:human', 'd3', 'missing', 'd1:lambda', 'd2:ci', 'd3:human', 'iam'];

function matches(slotCategory, meta) {
  if (!meta || meta.depth < 0) return false;
  const [category, kind] = slotCategory.split(':');
  if (kind && meta.kind !== kind) return false;
  switch (category) {
    case 'd1': return meta.depth === 1 && !meta.missing;
    case 'd2': return meta.depth === 2 && !meta.missing;
    case 'd3': return meta.depth === 3 && !meta.missing;
    case 'iam': return meta === IAM_META;
    case 'missing': return meta.missing;
    default: return true;
  }
}

function diurnal(hourOfDay) {
  // People work 07-19 UTC-ish; mean over a day is ~1.
  return hourOfDay >= 7 && hourOfDay < 19 ? 1.55 : 0.45;
}

function fileStamp(sec) {
  const iso = new Date(sec * 1000).toISOString();
  return { y: iso.slice(0, 4), m: iso.slice(5, 7), d: iso.slice(8, 10), stamp: `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z` };
}

/**
 * @param {{ dir: string, events?: number, seed?: number, quiet?: boolean }} options
 * @returns manifest (also written to DIR/manifest.json)
 */
export async function generateCorpus({ dir, events = 1_000_000, seed = 1, quiet = false, smallFiles = false }) {
  const started = performance.now();
  const N = Math.floor(events);
  if (!(N > 0)) throw new Error(`--events must be a positive number, got ${events}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const log = quiet ? () => {} : (msg) => process.stderr.write(`[generate] ${msg}\n`);

  const rng = createRng(seed);
  const scale = N / 1_000_000;
  const org = buildOrg(rng, scale);
  const stats = { sessions: 0, issuances: 0, crossAccountIssuances: 0, missingSessions: 0, byKind: {}, byDepth: {} };

  // ---- hour buckets of generated records, drained in time order -----------------------
  const buckets = new Map(); // hour index → [{ t, a, r, j, m, k }] (k: the key a minted session descends from)
  let generated = 0;
  function emit(t, a, r, j, m, k = null) {
    // Records are built by concatenation; V8 keeps such strings as ropes, ~6x their size.
    // Reading a character flattens one into a single sequential string.
    j.charCodeAt(0);
    const h = Math.floor((t - T0) / 3600);
    let b = buckets.get(h);
    if (!b) buckets.set(h, (b = []));
    b.push({ t, a, r, j, m, k });
    generated++;
  }
  const factory = createSessionFactory({ rng, org, emit, t0: T0, stats });

  // ---- per-(account, region) file buffers ----------------------------------------------
  const buffers = new Map();
  const dirsMade = new Map(); // folder → mkdir promise
  const inflight = new Set();
  let files = 0, records = 0, duplicates = 0, compressedBytes = 0, uncompressedBytes = 0, minRecs = Infinity, maxRecs = 0;

  const maxBufferAge = smallFiles ? SMALL_FILE_AGE : MAX_BUFFER_AGE;
  function targetSize() {
    if (smallFiles) return rng.logUniform(1, 30);
    const kind = rng.next();
    if (kind < 0.12) return rng.logUniform(5, 300); // quiet delivery windows: a few KB
    if (kind < 0.95) return rng.int(500, 1600);
    return rng.int(3000, 9000); // bursts: several MB of JSON
  }
  function bufferOf(a, r) {
    const k = `${a}/${r}`;
    let b = buffers.get(k);
    if (!b) buffers.set(k, (b = { a, r, recs: [], carry: [], pending: [], target: targetSize(), oldest: 0, maxT: 0 }));
    return b;
  }
  async function flush(b) {
    if (b.recs.length === 0 && b.pending.length === 0) return;
    const recs = b.recs;
    // Duplicates of records delivered in earlier files of this account/Region arrive in this one;
    // those of this file's records wait for the next (never twice in one file).
    for (const d of b.pending) recs.push(d);
    duplicates += b.pending.length;
    b.pending = b.carry;
    b.carry = [];
    b.recs = [];
    b.target = targetSize();
    rng.shuffle(recs); // CloudTrail files are not in time order (spec §1.1)
    const delivered = b.maxT + rng.int(60, 900);
    const { y, m, d, stamp } = fileStamp(delivered);
    const rel = path.join('AWSLogs', org.orgId, b.a, 'CloudTrail', b.r, y, m, d);
    const name = `${b.a}_CloudTrail_${b.r}_${stamp}_${rng.alnum(16)}.json.gz`;
    const text = `{"Records":[${recs.join(',')}]}`;
    files++;
    records += recs.length;
    uncompressedBytes += Buffer.byteLength(text);
    minRecs = Math.min(minRecs, recs.length);
    maxRecs = Math.max(maxRecs, recs.length);
    const full = path.join(dir, rel);
    const job = (async () => {
      if (!dirsMade.has(full)) dirsMade.set(full, mkdir(full, { recursive: true }));
      await dirsMade.get(full);
      const gz = await new Promise((resolve, reject) => gzip(text, { level: 6 }, (err, out) => (err ? reject(err) : resolve(out))));
      compressedBytes += gz.length;
      await writeFile(path.join(full, name), gz);
    })();
    inflight.add(job);
    job.finally(() => inflight.delete(job));
    while (inflight.size >= WRITE_CONCURRENCY) await Promise.race(inflight);
  }

  // ---- target selection ------------------------------------------------------------------
  const slots = Array.from({ length: Math.min(TARGET_COUNT, N) }, (_, i) => ({
    at: Math.floor(((i + 0.5) * N) / Math.min(TARGET_COUNT, N)),
    category: SLOT_PATTERN[i % SLOT_PATTERN.length],
    target: null,
  }));
  // Its own random stream, so that changing how targets are picked never changes the corpus.
  const pickRng = createRng((seed ^ 0x5eed7a6) >>> 0);
  const RESERVE_CATEGORIES = [...new Set(SLOT_PATTERN)].filter((c) => c !== 'any');
  const reserve = {}; // recent candidates per category, for slots whose kind was rare after their position
  const chosen = new Set();
  let nextSlot = 0;
  function eventIdOf(json) {
    const i = json.indexOf('"eventID":"');
    return json.slice(i + 11, i + 47);
  }
  function considerTarget(entry, emittedIndex) {
    const m = entry.m;
    if (!m || m.depth < 0) return;
    for (const cat of RESERVE_CATEGORIES) {
      if (matches(cat, m)) {
        const r = (reserve[cat] ??= []);
        if (r.length < 64) r.push(entry); else r[Math.floor(pickRng.next() * 64)] = entry;
      }
    }
    for (let i = nextSlot; i < slots.length && slots[i].at <= emittedIndex; i++) {
      const s = slots[i];
      if (s.target || !matches(s.category, m)) continue;
      const id = eventIdOf(entry.j);
      if (chosen.has(id)) return;
      chosen.add(id);
      s.target = { eventId: id, eventTime: new Date(entry.t * 1000).toISOString().slice(0, 19) + 'Z', category: s.category, kind: m.kind, m };
      while (nextSlot < slots.length && slots[nextSlot].target) nextSlot++;
      return;
    }
  }

  // ---- what a scope of each long-term key should find, counted as records are emitted -------
  const keyCalls = new Map(); // AKIA key → calls it signed
  const keyDescendants = new Map(); // AKIA key → sessions minted from it, recursively (logged issuances)
  function countForScope(entry) {
    if (entry.m === IAM_META || entry.m === EXPORTER_META) {
      // userIdentity comes first in the record: its accessKeyId is the signing key.
      const i = entry.j.indexOf('"accessKeyId":"');
      const key = entry.j.slice(i + 15, entry.j.indexOf('"', i + 15));
      keyCalls.set(key, (keyCalls.get(key) ?? 0) + 1);
    }
    if (entry.k) keyDescendants.set(entry.k, (keyDescendants.get(entry.k) ?? 0) + 1);
  }

  // ---- the simulation ----------------------------------------------------------------------
  let emitted = 0;
  let adj = 0.85; // volume multiplier, steered so that N events take ~7 days
  let lastT = T0;
  let nextProgress = 0.05;
  const { users, ciBot, metricsExporter, instances, functions, workloads, shared } = org;
  const HUMAN_ROLES = [['Admin', 3], ['ReadOnly', 4], ['DataEngineer', 2], ['OrganizationAccountAccessRole', 1]];
  const REUSED_NAMES = ['terraform', 'admin', 'cli-session', 'ops'];
  const roleIn = (acct, name) => acct.roles[name];

  function chain(parent, profile, depthLimit, pChain, tFrom, tTo) {
    if (parent.depth >= depthLimit || !rng.chance(pChain) || parent.meta.missing) return;
    const t = tFrom + rng.int(30, Math.max(31, tTo - tFrom));
    if (t >= parent.exp - 60) return;
    const sameAccount = rng.chance(0.45);
    const account = sameAccount ? parent.account : rng.pick(workloads.filter((w) => w !== parent.account));
    const roleName = rng.pick(sameAccount ? ['DataEngineer', 'AuditReader', 'ReadOnly'] : ['ReadOnly', 'Admin', 'AuditReader', 'Deploy']);
    const role = roleIn(account, roleName);
    if (role === parent.role) return;
    const sessionName = rng.chance(0.5) ? parent.sessionName : rng.chance(0.5) ? rng.pick(REUSED_NAMES) : `chain-${rng.alnum(8).toLowerCase()}`;
    const child = factory.assumeRole({
      caller: parent, role, sessionName: sessionName.slice(0, 64), t, duration: 3600, // role chaining: at most 1 h (spec §3.0.1)
      stsRegion: rng.chance(0.7) ? org.regions[0] : rng.pick(org.regions), endpoint: rng.chance(0.7) ? 'global' : 'regional',
      kind: parent.meta.kind, sourceIdentity: parent.sourceIdentity,
    });
    const span = rng.logUniform(120, 3300);
    const count = Math.max(2, Math.round(rng.logUniform(10, 400) * adj));
    factory.calls(child, profile, count, t + 1, t + span);
    chain(child, profile, depthLimit, pChain * 0.9, t + 1, t + span);
  }

  function ec2Session(inst, t, preWindow) {
    const caller = factory.serviceCaller('ec2.amazonaws.com');
    const s = factory.assumeRole({
      caller, role: inst.role, sessionName: inst.id, t, duration: 21600, passDuration: false, stsRegion: inst.region,
      kind: inst.runner ? 'ci' : 'ec2', ec2: true, ip: inst.ip, ua: inst.ua,
      missing: !preWindow && !inst.runner && rng.chance(0.002), region: inst.region,
    });
    // IMDS hands out fresh credentials about hourly; the instance uses each set until the next.
    const from = Math.max(t, T0), to = t + 3600;
    const share = (to - from) / 3600;
    const count = Math.round(rng.poisson(60 * inst.load * adj) * share);
    factory.calls(s, inst.runner ? 'ci' : 'ec2', count, from, to, { region: inst.region, instance: inst, vpce: `vpce-${inst.vpc.slice(4, 21)}` });
    if (inst.runner && !preWindow) {
      // CI runs on the runner assume Deploy in a workload account: AWSService → instance → Deploy (→ …).
      const runs = rng.poisson(1.5 * adj);
      for (let i = 0; i < runs; i++) {
        const tr = t + rng.int(20, 3000);
        const account = rng.pick(workloads);
        const d = factory.assumeRole({
          caller: s, role: roleIn(account, 'Deploy'), sessionName: rng.chance(0.6) ? `gha-${rng.digits(10)}` : 'deploy',
          t: tr, duration: 3600, stsRegion: rng.chance(0.5) ? org.regions[0] : inst.region, endpoint: rng.chance(0.5) ? 'global' : 'regional',
          kind: 'ci', ua: rng.pick(USER_AGENTS.terraform), region: inst.region,
          tags: [{ key: 'ci-run', value: rng.digits(9) }, { key: 'repository', value: `bench-org/${rng.pick(['api', 'web', 'infra', 'data'])}` }],
        });
        const span = rng.logUniform(120, 1800);
        factory.calls(d, 'ci', Math.max(3, Math.round(rng.logUniform(40, 400) * adj)), tr + 1, tr + span, { region: rng.chance(0.7) ? inst.region : undefined });
        chain(d, 'ci', 3, 0.3, tr + 1, tr + span);
      }
    }
  }

  function lambdaSession(fn, t) {
    const caller = factory.serviceCaller('lambda.amazonaws.com');
    const s = factory.assumeRole({
      caller, role: fn.role, sessionName: fn.name, t, duration: 43200, passDuration: true, stsRegion: fn.region, kind: 'lambda',
      ip: `${rng.pick([3, 18, 34, 52])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      ua: rng.pick(USER_AGENTS.lambda),
      inScopeOf: { issuerType: 'AWS::Lambda::Function', credentialsIssuedTo: `arn:aws:lambda:${fn.region}:${fn.account.id}:function:${fn.name}` },
      region: fn.region,
    });
    const span = rng.logUniform(60, 7200);
    factory.calls(s, 'lambda', Math.max(1, Math.round(rng.logUniform(5, 150) * adj)), t + 1, t + span, { region: fn.region });
    chain(s, 'lambda', 2, 0.1, t + 1, t + span);
  }

  function humanSession(t) {
    const user = rng.pick(users);
    const caller = factory.userCaller(user);
    const account = rng.chance(0.1) ? shared : rng.pick(workloads);
    const role = roleIn(account, rng.weighted(HUMAN_ROLES));
    const duration = rng.chance(0.6) ? 3600 : role.maxSession;
    const x = rng.next();
    const sessionName = x < 0.5 ? user.userName : x < 0.8 ? `botocore-session-${t}` : rng.pick(REUSED_NAMES);
    const mfa = rng.chance(0.6);
    const global = rng.chance(0.75);
    const s = factory.assumeRole({
      caller, role, sessionName, t, duration, stsRegion: global ? org.regions[0] : rng.pick(org.regions), endpoint: global ? 'global' : 'regional',
      kind: 'human', sourceIdentity: rng.chance(0.5) ? user.userName : undefined, mfaSerial: mfa ? user.mfaSerial : undefined,
    });
    const span = Math.min(duration - 60, rng.logUniform(300, duration));
    factory.calls(s, 'human', Math.max(2, Math.round(rng.logUniform(15, 600) * adj)), t + 2, t + span);
    chain(s, 'human', 3, 0.4, t + 2, t + span);
  }

  function ciBotRun(t) {
    const caller = factory.userCaller(ciBot);
    const account = rng.pick(workloads);
    const s = factory.assumeRole({
      caller, role: roleIn(account, 'Deploy'), sessionName: rng.chance(0.5) ? 'terraform' : `ci-bot-${rng.digits(8)}`, t, duration: 3600,
      stsRegion: org.regions[0], kind: 'ci',
    });
    const span = rng.logUniform(120, 3000);
    factory.calls(s, 'ci', Math.max(3, Math.round(rng.logUniform(40, 400) * adj)), t + 1, t + span);
    chain(s, 'ci', 3, 0.3, t + 1, t + span);
  }

  function generateHour(h) {
    const T = T0 + h * 3600;
    for (const inst of instances) {
      if (h === 0 && inst.refreshOffset > 0) ec2Session(inst, T + inst.refreshOffset - 3600, true); // issued before the logs start
      ec2Session(inst, T + inst.refreshOffset, false);
    }
    for (const fn of functions) {
      const n = rng.poisson(0.9 * fn.load * Math.min(adj, 2));
      for (let i = 0; i < n; i++) lambdaSession(fn, T + rng.int(0, 3599));
    }
    const hod = Math.floor(((T % 86400) + 86400) % 86400 / 3600);
    const humans = rng.poisson(8 * scale * adj * diurnal(hod));
    for (let i = 0; i < humans; i++) humanSession(T + rng.int(0, 3599));
    const ci = rng.poisson(1.5 * scale * adj);
    for (let i = 0; i < ci; i++) ciBotRun(T + rng.int(0, 3599));
    const bursts = rng.poisson(6 * scale * adj * diurnal(hod));
    for (let i = 0; i < bursts; i++) {
      const t = T + rng.int(0, 3599);
      factory.userCalls(rng.pick(users), Math.max(1, Math.round(rng.logUniform(1, 40))), t, t + rng.int(5, 900));
    }
    for (const acct of org.accounts) factory.serviceCalls(acct, rng.poisson(6 * scale * adj), T, T + 3600);
    // The exporter scrapes every minute around the clock, at a rate set by the corpus size rather
    // than steered: it is a tenth of the events, and the steering shrinks the rest to fit.
    const perScrape = (EXPORTER_SHARE * N) / PLANNED_HOURS / (3600 / EXPORTER_SCRAPE_SECONDS);
    for (let s = T; s < T + 3600; s += EXPORTER_SCRAPE_SECONDS) {
      factory.userCalls(metricsExporter, rng.poisson(perScrape), s, s + 20, { profile: 'exporter', meta: EXPORTER_META, errorRate: 0.005 });
    }
  }

  log(`${N.toLocaleString('en-US')} events, seed ${seed}: ${org.accounts.length} accounts, ${org.regions.length} regions, ` +
    `${users.length} IAM users, ${instances.length} instances, ${functions.length} functions → ${dir}`);

  let h = 0;
  outer: for (;; h++) {
    const before = generated;
    generateHour(h);
    const thisHour = generated - before;
    const bucket = buckets.get(h) ?? [];
    buckets.delete(h);
    bucket.sort((x, y) => x.t - y.t);
    for (const entry of bucket) {
      if (emitted >= N) break outer;
      considerTarget(entry, emitted);
      countForScope(entry);
      emitted++;
      lastT = entry.t;
      const b = bufferOf(entry.a, entry.r);
      if (b.recs.length === 0) b.oldest = entry.t;
      b.recs.push(entry.j);
      if (entry.t > b.maxT) b.maxT = entry.t;
      if (rng.chance(DUPLICATE_RATE)) b.carry.push(entry.j);
      if (b.recs.length >= b.target) await flush(b);
    }
    for (const b of buffers.values()) {
      if (b.recs.length > 0 && lastT - b.oldest > maxBufferAge) await flush(b);
    }
    // Steer volume: aim to have generated N events by the end of the planned week.
    const remainingHours = PLANNED_HOURS - (h + 1);
    if (remainingHours > 0 && thisHour > 0) {
      const desired = (N * 1.003 - generated) / remainingHours;
      const ratio = desired / thisHour;
      adj *= Math.min(1.08, Math.max(0.92, ratio));
      adj = Math.min(4, Math.max(0.05, adj));
    }
    while (emitted / N >= nextProgress) {
      log(`${String(Math.round(nextProgress * 100)).padStart(3)}%  ${emitted.toLocaleString('en-US')} events, ${files} files, ${(compressedBytes / 1e6).toFixed(1)} MB gz, ` +
        `rss ${Math.round(process.memoryUsage().rss / 1e6)} MB, ${((performance.now() - started) / 1000).toFixed(1)} s`);
      nextProgress += 0.05;
    }
    if (h > PLANNED_HOURS * 4) throw new Error('generator did not reach the event count; volume steering is broken');
  }
  buckets.clear();

  // Final deliveries: whatever is buffered, then any duplicates still waiting for a later file.
  for (const b of buffers.values()) {
    await flush(b);
    if (b.pending.length) { b.maxT += 300; await flush(b); }
  }
  await Promise.all(inflight);

  // Slots whose category never turned up after their position take a recent candidate.
  for (const s of slots) {
    if (s.target) continue;
    const pool = (reserve[s.category] ?? reserve['d1:ec2'] ?? []).filter((e) => !chosen.has(eventIdOf(e.j)));
    const e = pool[0];
    if (!e) continue;
    const id = eventIdOf(e.j);
    chosen.add(id);
    s.target = { eventId: id, eventTime: new Date(e.t * 1000).toISOString().slice(0, 19) + 'Z', category: s.category, kind: e.m.kind, m: e.m };
  }
  const targets = slots.filter((s) => s.target).map(({ target: { m, ...rest } }) => ({
    ...rest,
    expect: m.missing
      ? { status: 'broken', origin: null }
      : { status: 'complete', hops: m.depth, origin: m.origin },
  }));

  const seconds = (performance.now() - started) / 1000;
  const manifest = {
    generator: GENERATOR_VERSION,
    seed,
    shape: smallFiles ? 'small-files' : 'trail',
    events: emitted,
    records,
    duplicates,
    files,
    compressedBytes,
    uncompressedBytes,
    recordsPerFile: { min: minRecs, max: maxRecs, mean: Math.round(records / files) },
    from: new Date(T0 * 1000).toISOString(),
    to: new Date(lastT * 1000).toISOString(),
    orgId: org.orgId,
    accounts: org.accounts.map((a) => ({ id: a.id, name: a.name })),
    regions: org.regions,
    sessions: stats,
    scope: scopeStarts(org, keyCalls, keyDescendants),
    targets: targets.length,
    generationSeconds: Math.round(seconds * 10) / 10,
  };
  writeFileSync(path.join(dir, 'targets.json'), JSON.stringify({ generator: GENERATOR_VERSION, seed, events: emitted, targets }, null, 1) + '\n');
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  log(`done: ${emitted.toLocaleString('en-US')} events (+${duplicates} duplicate deliveries) in ${files} files, ` +
    `${(compressedBytes / 1e6).toFixed(1)} MB gz / ${(uncompressedBytes / 1e6).toFixed(0)} MB JSON, ${stats.sessions} sessions, ${seconds.toFixed(1)} s`);
  return manifest;
}

/**
 * The keys the bench scopes from, by rule: `origin`, the long-term key whose minted credentials
 * (role sessions, recursively, each with its issuance logged) number closest to SCOPE_DESCENDANTS
 * (ties: more, then the smaller key id); `heavy`, the long-term key that signed most calls. With
 * every long-term key's counts, which the bench checks the scopes against.
 */
function scopeStarts(org, keyCalls, keyDescendants) {
  const arnOf = new Map();
  for (const u of [...org.users, org.ciBot, org.metricsExporter]) for (const k of u.keys) arnOf.set(k, u.arn);
  const keys = [...arnOf.keys()]
    .map((accessKeyId) => ({ accessKeyId, arn: arnOf.get(accessKeyId), calls: keyCalls.get(accessKeyId) ?? 0, descendants: keyDescendants.get(accessKeyId) ?? 0 }))
    .filter((k) => k.calls > 0)
    .sort((a, b) => b.calls - a.calls || (a.accessKeyId < b.accessKeyId ? -1 : 1));
  const distance = (k) => Math.abs(k.descendants - SCOPE_DESCENDANTS);
  const minting = keys.filter((k) => k.descendants > 0);
  const origin = [...minting].sort((a, b) => distance(a) - distance(b) || b.descendants - a.descendants || (a.accessKeyId < b.accessKeyId ? -1 : 1))[0] ?? null;
  return {
    rule: `origin: the long-term key whose minted credentials number closest to ${SCOPE_DESCENDANTS}; heavy: the long-term key that signed most calls`,
    origin,
    heavy: keys[0] ?? null,
    keys,
  };
}

/** The manifest of an existing corpus, or null. */
export function readManifest(dir) {
  const p = path.join(dir, 'manifest.json');
  if (!existsSync(p)) return null;
  try {
    return JSON.parse(readFileSync(p, 'utf8'));
  } catch {
    return null;
  }
}

function parseArgs(argv) {
  const out = { events: 1_000_000, out: path.resolve('bench-data/corpus'), seed: 1, smallFiles: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => { const x = argv[++i]; if (x === undefined) throw new Error(`${a} needs a value`); return x; };
    if (a === '--events') out.events = Number(v().replace(/[_,]/g, ''));
    else if (a === '--out') out.out = path.resolve(v());
    else if (a === '--seed') out.seed = Number(v());
    else if (a === '--small-files') out.smallFiles = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node scripts/bench/generate.js [--events N] [--out DIR] [--seed S] [--small-files]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const args = parseArgs(process.argv.slice(2));
    await generateCorpus({ dir: args.out, events: args.events, seed: args.seed, smallFiles: args.smallFiles });
  } catch (err) {
    process.stderr.write(`generate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
