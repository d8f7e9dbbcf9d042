// `trail-trace verify`: is the evidence still what was loaded? Every kept file re-hashed, every
// stored event compared with its record in the kept file. Exit 1 when anything differs.

import { EXIT } from '../../errors.js';
import { displayJson } from '../../report/json.js';
import { terminalSafe } from '../../text/sanitize.js';
import { verifyStore, type VerifyResult } from '../../store/verify.js';
import { colors, useColor, type Io } from '../output.js';
import { verifyProgress } from '../progress.js';
import { openStoreTelling, storePathFrom } from './common.js';
import type { VerifyValues } from './specs.js';
import { fetchPublicKeys, publicKeysFromFile } from './public-keys.js';
import { storePublicKeys } from '../../store/digests.js';

/** The options as declared in specs.ts (read and checked there). */
export type VerifyOptions = VerifyValues;

/** Differences listed in text before "and N more" (JSON lists them all). */
const SHOWN = 20;

/** The JSON document: files and chains as the issue's contract spells them, then the record comparison. */
export function verifyDocument(result: VerifyResult) {
  return {
    files: result.files.map((f) => ({ location: f.location, verdict: f.verdict, digest: f.digest, ...(f.detail ? { detail: f.detail } : {}), sha256: f.sha256 || null, keptPath: f.keptPath || null })),
    chains: result.chains.map((c) => ({ accountId: c.accountId, region: c.region, status: c.status, from: c.from, to: c.to, problems: c.problems, trail: c.trail, digests: c.digests, restarts: c.restarts })),
    digests: result.digests.map((d) => ({ location: d.input.source, accountId: d.input.digest.accountId, region: d.input.digest.region, start: d.input.digest.startTime, end: d.input.digest.endTime, signature: d.status, detail: d.detail })),
    records: {
      compared: result.records.compared,
      notCompared: result.records.notCompared,
      differences: result.records.differences.map((d) => ({ location: d.location, recordIndex: d.recordIndex, eventId: d.eventId, fields: d.fields })),
    },
  };
}

export function failed(result: VerifyResult): boolean {
  return result.files.some((f) => f.verdict === 'tampered' || f.verdict === 'missing') || result.records.differences.length > 0
    || result.chains.some((c) => c.status === 'broken');
}

export function formatVerify(result: VerifyResult, storePath: string, color: boolean): string {
  const c = colors(color);
  const n = (x: number) => x.toLocaleString('en-US');
  const count = (verdict: string) => result.files.filter((f) => f.verdict === verdict).length;
  const { compared, notCompared, differences } = result.records;
  const lines = [
    `${c.bold('Verify')} ${terminalSafe(storePath)}: ${n(result.files.length)} kept files, ${n(compared + notCompared)} stored events (${result.seconds.toFixed(1)} s)`,
    `  files:   ${n(count('validated'))} validated by a CloudTrail digest, ${n(count('unsigned'))} unsigned (as loaded, no verified digest lists them), ${count('tampered') ? c.red(`${n(count('tampered'))} tampered`) : '0 tampered'}, ${count('missing') ? c.red(`${n(count('missing'))} missing`) : '0 missing'}`,
    `  records: ${n(compared)} compared with their kept files, ${differences.length ? c.red(`${n(differences.length)} differ`) : '0 differ'}${notCompared ? `, ${n(notCompared)} not compared (kept file missing)` : ''}`,
  ];
  if (result.digests.length > 0) {
    const by = (status: string) => result.digests.filter((d) => d.status === status).length;
    const broken = result.chains.filter((ch) => ch.status === 'broken').length;
    lines.push(`  digests: ${n(result.digests.length)}: ${n(by('valid'))} signature verified, ${n(by('unsigned'))} without a known signature, ${by('no-key') ? c.yellow(`${n(by('no-key'))} without a public key`) : '0 without a public key'}, ${by('invalid') + by('tampered') ? c.red(`${n(by('invalid') + by('tampered'))} invalid`) : '0 invalid'}`);
    lines.push(`  chains:  ${n(result.chains.length)} (account, region, trail): ${broken ? c.red(`${n(broken)} broken`) : 'none broken'}`);
    for (const ch of result.chains) {
      const head = `${ch.accountId} ${ch.region ?? '?'} ${ch.trail ?? ''}`.trim();
      const restarts = ch.restarts.length ? `, restarted at ${ch.restarts.join(', ')}` : '';
      lines.push(`    ${ch.status === 'ok' ? c.green('ok') : c.red('BROKEN')}  ${terminalSafe(head)}: ${n(ch.digests)} digests (${n(ch.verified)} signature verified), ${ch.from} to ${ch.to}${restarts}`);
      for (const p of ch.problems.slice(0, SHOWN)) lines.push(c.dim(`          ${terminalSafe(p)}`));
    }
    const keysUsed = [...new Set(result.digests.filter((d) => d.status === 'valid').map((d) => /with public key (.*)$/.exec(d.detail)?.[1]).filter((k): k is string => !!k))];
    for (const k of keysUsed) lines.push(c.dim(`  signatures verified with public key ${terminalSafe(k)}: a key you gave is only as good as where you took it from`));
    if (by('no-key') > 0) lines.push(c.yellow('  Give AWS\'s public keys to check the rest: trail-trace verify --public-keys keys.json (aws cloudtrail list-public-keys output), or --fetch-public-keys.'));
  }
  const bad = result.files.filter((f) => f.verdict === 'tampered' || f.verdict === 'missing');
  for (const f of bad.slice(0, SHOWN)) {
    const what = f.verdict === 'tampered' ? c.red('TAMPERED') : c.red('MISSING ');
    lines.push(`  ${what}  ${terminalSafe(f.location)}`, c.dim(`            ${terminalSafe(f.detail ?? '')}${f.keptPath ? `; kept copy ${terminalSafe(f.keptPath)}` : ''}`));
  }
  if (bad.length > SHOWN) lines.push(`  … and ${n(bad.length - SHOWN)} more files (--format json lists them all)`);
  for (const d of differences.slice(0, SHOWN)) {
    lines.push(`  ${c.red('DIFFERS')}  ${terminalSafe(d.location)} record ${d.recordIndex} (eventID ${terminalSafe(d.eventId)}): ${d.fields.map((x) => terminalSafe(x)).join(', ')}`);
  }
  if (differences.length > SHOWN) lines.push(`  … and ${n(differences.length - SHOWN)} more records (--format json lists them all)`);
  if (failed(result)) {
    lines.push(
      c.red('Result: the evidence is not what was loaded.') + ' Traces and reports refuse records from changed or missing files.',
      '  To restore a kept copy, load the original file again (trail-trace ingest …): a file already stored gets its copy back.',
      '  A stored event that differs from an unchanged file means the store itself was edited: load the logs into a new store (--db).',
    );
  } else {
    lines.push(c.green('Result: every kept file is the file as loaded, and every stored event matches its record.'));
    if (count('unsigned') > 0) lines.push(c.dim('  "Unsigned" files are unchanged since they were loaded; only "validated" ones are proven to be as CloudTrail wrote them.'));
  }
  return lines.join('\n') + '\n';
}

export async function runVerify(options: VerifyOptions, io: Io): Promise<number> {
  const storePath = storePathFrom(options.db, io.env);
  const fromFile = options.publicKeys ? publicKeysFromFile(options.publicKeys) : [];
  // Keys given or fetched are kept in the store for the next run: only then is it opened for writing.
  const addsKeys = fromFile.length > 0 || options.fetchPublicKeys;
  const store = await openStoreTelling(storePath, io, { readOnly: !addsKeys });
  const progress = verifyProgress(io.stderr, options.progress);
  try {
    const fetched = options.fetchPublicKeys ? await fetchPublicKeys(store, options, io.env) : [];
    await storePublicKeys(store, [...fromFile, ...fetched]);
    if (addsKeys) io.stderr.write(`Public keys: ${fromFile.length} from ${options.publicKeys ? terminalSafe(options.publicKeys) : 'no file'}, ${fetched.length} fetched with cloudtrail:ListPublicKeys; kept in the store.\n`);
    const result = await verifyStore(store, (p) => progress.update(p.filesDone, p.filesTotal));
    progress.stop();
    if (options.format === 'json') io.stdout.write(displayJson(verifyDocument(result)));
    else io.stdout.write(formatVerify(result, storePath, useColor(io.stdout, io.env, options.color)));
    return failed(result) ? EXIT.findings : EXIT.ok;
  } finally {
    progress.stop();
    await store.close();
  }
}
