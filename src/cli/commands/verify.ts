// `trail-trace verify`: is the evidence still what was loaded? Every kept file re-hashed, every
// stored event compared with its record in the kept file. Exit 1 when anything differs.

import { z } from 'zod';
import { displayJson } from '../../report/json.js';
import { terminalSafe } from '../../report/sanitize.js';
import { openStore } from '../../store/store.js';
import { verifyStore, type VerifyResult } from '../../store/verify.js';
import { colors, useColor, type Io } from '../output.js';
import { verifyProgress } from '../progress.js';
import { storePathFrom } from './common.js';

export const VerifyOptions = z.object({
  db: z.string().optional(),
  format: z.enum(['text', 'json']).default('text'),
  progress: z.boolean().default(true),
  color: z.boolean().optional(),
});
export type VerifyOptions = z.infer<typeof VerifyOptions>;

/** Differences listed in text before "and N more" (JSON lists them all). */
const SHOWN = 20;

/** The JSON document: files and chains as the issue's contract spells them, then the record comparison. */
export function verifyDocument(result: VerifyResult) {
  return {
    files: result.files.map((f) => ({ location: f.location, verdict: f.verdict, digest: f.digest, sha256: f.sha256, keptPath: f.keptPath })),
    chains: [] as unknown[],
    records: {
      compared: result.records.compared,
      notCompared: result.records.notCompared,
      differences: result.records.differences.map((d) => ({ location: d.location, recordIndex: d.recordIndex, eventId: d.eventId, fields: d.fields })),
    },
  };
}

export function failed(result: VerifyResult): boolean {
  return result.files.some((f) => f.verdict === 'tampered' || f.verdict === 'missing') || result.records.differences.length > 0;
}

export function formatVerify(result: VerifyResult, storePath: string, color: boolean): string {
  const c = colors(color);
  const n = (x: number) => x.toLocaleString('en-US');
  const count = (verdict: string) => result.files.filter((f) => f.verdict === verdict).length;
  const { compared, notCompared, differences } = result.records;
  const lines = [
    `${c.bold('Verify')} ${terminalSafe(storePath)}: ${n(result.files.length)} kept files, ${n(compared + notCompared)} stored events (${result.seconds.toFixed(1)} s)`,
    `  files:   ${n(count('unsigned'))} as loaded (SHA-256 matches), ${count('tampered') ? c.red(`${n(count('tampered'))} changed since loaded`) : '0 changed'}, ${count('missing') ? c.red(`${n(count('missing'))} missing`) : '0 missing'}`,
    `  records: ${n(compared)} compared with their kept files, ${differences.length ? c.red(`${n(differences.length)} differ`) : '0 differ'}${notCompared ? `, ${n(notCompared)} not compared (kept file missing)` : ''}`,
  ];
  const bad = result.files.filter((f) => f.verdict === 'tampered' || f.verdict === 'missing');
  for (const f of bad.slice(0, SHOWN)) {
    const what = f.verdict === 'tampered' ? c.red('CHANGED') : c.red('MISSING');
    lines.push(`  ${what}  ${terminalSafe(f.location)}`, c.dim(`           kept copy ${terminalSafe(f.keptPath)}, SHA-256 at load ${f.sha256}`));
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
    lines.push(c.green('Result: every kept file is the file as loaded, and every stored event matches its record.'),
      c.dim('  No CloudTrail digest was checked: "as loaded" says the copies are unchanged since ingest, not that AWS wrote them.'));
  }
  return lines.join('\n') + '\n';
}

export async function runVerify(options: VerifyOptions, io: Io): Promise<number> {
  const storePath = storePathFrom(options.db, io.env);
  const store = await openStore(storePath, { readOnly: true });
  const progress = verifyProgress(io.stderr, options.progress);
  try {
    const result = await verifyStore(store, (p) => progress.update(p.filesDone, p.filesTotal));
    progress.stop();
    if (options.format === 'json') io.stdout.write(displayJson(verifyDocument(result)));
    else io.stdout.write(formatVerify(result, storePath, useColor(io.stdout, io.env, options.color)));
    return failed(result) ? 1 : 0;
  } finally {
    progress.stop();
    await store.close();
  }
}
