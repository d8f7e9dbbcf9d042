#!/usr/bin/env node
// Checks a generated bench corpus independently of trail-trace itself:
//   node scripts/bench/verify-corpus.js DIR
// - every file path matches the organisation-trail key layout (spec §5.1) and gunzips to {"Records":[…]};
// - event ids are unique except for the counted duplicate deliveries;
// - every ASIA key used has an issuing AssumeRole whose principal, creationDate, account and
//   validity window agree (spec §4.2, §4.3), except sessions deliberately left without one;
// - cross-account issuances come as two copies with one sharedEventID, the role owner's copy
//   showing the caller as AWSAccount (spec §4.6);
// - each target in targets.json exists, and a naive walk of its chain gives the expected
//   status, hop count and origin.
// Exits 1 on any inconsistency.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';

const KEY_RE = /^AWSLogs\/(o-[a-z0-9]{10,32})\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/\2_CloudTrail_\3_(\d{8}T\d{4}Z)_([A-Za-z0-9]{16})\.json\.gz$/;
const MONTHS = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

function parseJavaDate(s) {
  const m = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$/.exec(s ?? '');
  if (!m) return NaN;
  let h = Number(m[4]) % 12;
  if (m[7] === 'PM') h += 12;
  return Date.UTC(Number(m[3]), MONTHS[m[1]], Number(m[2]), h, Number(m[5]), Number(m[6])) / 1000;
}
const sec = (iso) => Date.parse(iso) / 1000;

function* walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

export function verifyCorpus(dir) {
  const problems = [];
  const problem = (msg) => { if (problems.length < 50) problems.push(msg); problems.count = (problems.count ?? 0) + 1; };
  const targetsDoc = JSON.parse(readFileSync(path.join(dir, 'targets.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const targetIds = new Set(targetsDoc.targets.map((t) => t.eventId));
  const targetRecords = new Map();

  const seen = new Set();
  let records = 0, dupes = 0, files = 0, bytes = 0;
  const issued = new Map(); // ASIA key → [{ eventId, t, exp, principalId, account, caller, sharedEventId, recipient }]
  const shared = new Map(); // sharedEventID → [copy]
  const used = new Map(); // ASIA key → { principalId, creation, account, minT, maxT, n }
  const fileRecordCounts = [];

  for (const file of walk(path.join(dir, 'AWSLogs'))) {
    const rel = path.relative(dir, file).split(path.sep).join('/');
    const m = KEY_RE.exec(rel);
    if (!m) { problem(`bad key ${rel}`); continue; }
    const buf = readFileSync(file);
    bytes += buf.length;
    files++;
    let doc;
    try { doc = JSON.parse(gunzipSync(buf).toString('utf8')); } catch (err) { problem(`${rel}: ${err.message}`); continue; }
    if (!Array.isArray(doc.Records)) { problem(`${rel}: no Records array`); continue; }
    fileRecordCounts.push(doc.Records.length);
    const inFile = new Set();
    for (const r of doc.Records) {
      records++;
      if (inFile.has(r.eventID)) problem(`${rel}: eventID ${r.eventID} twice in one file`);
      inFile.add(r.eventID);
      if (seen.has(r.eventID)) { dupes++; continue; }
      seen.add(r.eventID);
      if (r.recipientAccountId !== m[2] || r.awsRegion !== m[3]) problem(`${rel}: record ${r.eventID} for ${r.recipientAccountId}/${r.awsRegion}`);
      if (targetIds.has(r.eventID)) targetRecords.set(r.eventID, r);
      const ui = r.userIdentity ?? {};
      const t = sec(r.eventTime);
      if (r.eventName === 'AssumeRole' && !r.errorCode) {
        const c = r.responseElements?.credentials;
        const copy = {
          eventId: r.eventID, t, exp: parseJavaDate(c?.expiration), principalId: r.responseElements?.assumedRoleUser?.assumedRoleId,
          account: r.requestParameters.roleArn.split(':')[4], caller: ui, sharedEventId: r.sharedEventID, recipient: r.recipientAccountId,
          requestId: r.requestID, duration: r.requestParameters.durationSeconds,
        };
        if (!c?.accessKeyId?.startsWith('ASIA')) problem(`${r.eventID}: AssumeRole without ASIA credentials`);
        if (Number.isNaN(copy.exp)) problem(`${r.eventID}: unparseable expiration ${c?.expiration}`);
        if (copy.duration && copy.exp - t !== copy.duration) problem(`${r.eventID}: expiration ≠ eventTime + durationSeconds`);
        (issued.get(c.accessKeyId) ?? issued.set(c.accessKeyId, []).get(c.accessKeyId)).push(copy);
        if (r.sharedEventID) (shared.get(r.sharedEventID) ?? shared.set(r.sharedEventID, []).get(r.sharedEventID)).push(copy);
      }
      const key = ui.accessKeyId;
      if (key?.startsWith('ASIA')) {
        const creation = ui.sessionContext?.attributes?.creationDate;
        let u = used.get(key);
        if (!u) used.set(key, (u = { principalId: ui.principalId, creation, account: ui.accountId, minT: t, maxT: t, n: 0 }));
        if (u.principalId !== ui.principalId || u.creation !== creation || u.account !== ui.accountId) problem(`key ${key} used by two different sessions`);
        u.minT = Math.min(u.minT, t); u.maxT = Math.max(u.maxT, t); u.n++;
        if (ui.type !== 'AssumedRole' || !ui.principalId?.startsWith('AROA') || !ui.arn?.includes(':assumed-role/')) problem(`${r.eventID}: odd session identity`);
      } else if (key?.startsWith('AKIA') && ui.type !== 'IAMUser') problem(`${r.eventID}: AKIA key on ${ui.type}`);
    }
  }

  // Issuance ↔ use consistency.
  let keysWithoutIssuance = 0, useEventsWithoutIssuance = 0;
  for (const [key, u] of used) {
    const copies = issued.get(key);
    if (!copies) { keysWithoutIssuance++; useEventsWithoutIssuance += u.n; continue; }
    for (const c of copies) {
      if (c.principalId !== u.principalId) problem(`key ${key}: principalId ${u.principalId} vs issued ${c.principalId}`);
      if (sec(u.creation) !== c.t) problem(`key ${key}: creationDate ${u.creation} vs issuance ${c.eventId} at ${new Date(c.t * 1000).toISOString()}`);
      if (c.account !== u.account) problem(`key ${key}: used in ${u.account}, role in ${c.account}`);
      if (u.minT < c.t || u.maxT > c.exp) problem(`key ${key}: used outside [issue, expiration]`);
    }
  }
  // Cross-account pairs.
  let pairs = 0;
  for (const [id, copies] of shared) {
    if (copies.length === 1) {
      if (copies[0].caller.type !== 'AWSService') problem(`sharedEventID ${id}: single copy from ${copies[0].caller.type}`);
      continue;
    }
    pairs++;
    if (copies.length !== 2) { problem(`sharedEventID ${id}: ${copies.length} copies`); continue; }
    const [a, b] = copies;
    const owner = a.caller.type === 'AWSAccount' ? a : b;
    const callerCopy = owner === a ? b : a;
    if (owner.caller.type !== 'AWSAccount' || callerCopy.caller.type === 'AWSAccount') problem(`sharedEventID ${id}: copies are not caller + AWSAccount`);
    if (a.eventId === b.eventId || a.requestId !== b.requestId || a.t !== b.t) problem(`sharedEventID ${id}: copies disagree`);
    if (owner.caller.principalId !== callerCopy.caller.principalId || owner.caller.accountId !== callerCopy.caller.accountId) problem(`sharedEventID ${id}: AWSAccount caller does not match`);
    if (owner.recipient !== owner.account || callerCopy.recipient !== callerCopy.caller.accountId) problem(`sharedEventID ${id}: copies in the wrong accounts`);
  }

  // Walk each target's chain the simple way and compare with what the generator expects.
  let walked = 0;
  const statusCounts = {};
  for (const target of targetsDoc.targets) {
    const r = targetRecords.get(target.eventId);
    if (!r) { problem(`target ${target.eventId} not in the corpus`); continue; }
    let ui = r.userIdentity, hops = 0, status = 'complete', origin = null;
    for (let guard = 0; guard < 10; guard++) {
      if (ui.type === 'IAMUser' || ui.type === 'AWSService') { origin = ui.type; break; }
      const copies = issued.get(ui.accessKeyId);
      hops++;
      if (!copies) { status = 'broken'; break; }
      let caller = copies[0].caller;
      if (caller.type === 'AWSAccount') caller = copies.find((c) => c.caller.type !== 'AWSAccount')?.caller ?? caller;
      if (caller.type === 'AWSAccount') { status = 'broken'; break; }
      ui = caller;
    }
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;
    const e = target.expect;
    if (e.status !== status || (e.status === 'complete' && (e.hops !== hops || e.origin !== origin))) {
      problem(`target ${target.eventId} (${target.category}): walked ${status}/${hops}/${origin}, expected ${e.status}/${e.hops}/${e.origin}`);
    }
    walked++;
  }

  const summary = {
    files, records, uniqueEvents: seen.size, duplicateDeliveries: dupes, compressedBytes: bytes,
    recordsPerFile: { min: Math.min(...fileRecordCounts), max: Math.max(...fileRecordCounts), median: fileRecordCounts.sort((a, b) => a - b)[fileRecordCounts.length >> 1] },
    issuedKeys: issued.size, usedKeys: used.size, crossAccountPairs: pairs,
    keysWithoutIssuance, useEventsWithoutIssuance, expectedSessionsWithoutIssuance: manifest.sessions.missingSessions,
    targets: targetsDoc.targets.length, targetsWalked: walked, targetStatus: statusCounts,
    targetCategories: targetsDoc.targets.reduce((acc, t) => ((acc[t.category] = (acc[t.category] ?? 0) + 1), acc), {}),
  };
  if (seen.size !== manifest.events) problem(`manifest says ${manifest.events} events, found ${seen.size}`);
  if (dupes !== manifest.duplicates) problem(`manifest says ${manifest.duplicates} duplicates, found ${dupes}`);
  if (files !== manifest.files || bytes !== manifest.compressedBytes) problem('manifest file count or size differs');
  // Sessions the generator left without an issuance (issued before the logs start, or dropped on
  // purpose) are the only keys allowed to lack one; a session may also make no calls at all.
  if (keysWithoutIssuance > manifest.sessions.missingSessions) problem(`${keysWithoutIssuance} keys lack an issuance, only ${manifest.sessions.missingSessions} sessions were left without one`);
  return { ok: !problems.count, problems, problemCount: problems.count ?? 0, summary };
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const dir = process.argv[2];
  if (!dir) { process.stderr.write('usage: node scripts/bench/verify-corpus.js DIR\n'); process.exit(2); }
  const started = performance.now();
  const result = verifyCorpus(path.resolve(dir));
  process.stdout.write(JSON.stringify(result.summary, null, 2) + '\n');
  for (const p of result.problems) process.stderr.write(`PROBLEM ${p}\n`);
  process.stderr.write(`${result.ok ? 'OK' : `${result.problemCount} problem(s)`} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  process.exit(result.ok ? 0 : 1);
}
