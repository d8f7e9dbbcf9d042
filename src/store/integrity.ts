// Each record a trace rests on, with what CloudTrail's own evidence says of its file: validated
// (a digest whose signature verifies lists this very content), unsigned, or tampered (a verified
// digest lists other content: the file was altered before it was loaded). The rules are verify's
// (src/store/digest-check.ts), applied to the few digests that list the trace's files.

// The digest modules (the digest format's schema, signature checks) are loaded only when a digest
// lists one of the files: most stores have none, and every trace's start-up would pay for them.

import type { RecordIntegrity, Trace } from '../trace/model.js';
import { CEILING_LIMITS } from '../ingest/json-scan.js';
import { scanFile } from '../ingest/scan-file.js';
import { readKeptBytes } from './evidence.js';
import { listParam, sql } from './queries.js';
import type { Store } from './store.js';

/** A log file's name as digests and folder copies both spell it, without `.gz`. */
export function logName(location: string): string {
  return (location.split(/[/\\]/).pop() ?? location).replace(/\.gz$/i, '');
}

/** The integrity of each file, by kept path. */
export async function fileIntegrity(store: Store, files: { source: string; keptPath: string }[]): Promise<Map<string, RecordIntegrity>> {
  const out = new Map<string, RecordIntegrity>();
  const unsigned = (f: { source: string }): RecordIntegrity => ({ verdict: 'unsigned', location: f.source, digest: null });
  const names = [...new Set(files.map((f) => logName(f.source)))];
  // The digests that list these files, and the digests after them (which carry their signatures).
  const listing = names.length === 0 ? [] : await store.all<{ name: string; hash_value: string | null; s3_object: string }>(
    sql('trace/digest-listings'), { names: listParam(names) });
  if (listing.length === 0) {
    for (const f of files) out.set(f.keptPath, unsigned(f));
    return out;
  }
  const [{ checkDigests }, { digestRows, digestSignatureMap, publicKeyInputs, readKeptDigest }] = await Promise.all([
    import('./digest-check.js'), import('./digests.js'),
  ]);
  const objects = [...new Set(listing.map((l) => l.s3_object))];
  const rows = await digestRows(store, 'WHERE list_contains($1::VARCHAR[], s3_object) OR list_contains($1::VARCHAR[], previous_s3_object)', [listParam(objects)]);
  const signatures = await digestSignatureMap(store);
  const inputs = await Promise.all(rows.map((r) => readKeptDigest(store, r, signatures)));
  const { digests } = checkDigests(inputs, await publicKeyInputs(store));
  const trusted = new Map(digests.filter((d) => d.trusted).map((d) => [d.input.digest.s3Object, d.input.source]));
  for (const f of files) {
    const entries = listing.filter((l) => l.name === logName(f.source) && trusted.has(l.s3_object));
    if (entries.length === 0) {
      out.set(f.keptPath, unsigned(f));
      continue;
    }
    const scanned = await scanFile(await readKeptBytes(store.evidenceDir, f.keptPath), CEILING_LIMITS, { hashContent: true });
    const content = scanned.outcome === 'scanned' ? scanned.contentSha256 : undefined;
    const match = entries.find((e) => e.hash_value === content);
    out.set(f.keptPath, match
      ? { verdict: 'validated', location: f.source, digest: trusted.get(match.s3_object)! }
      : { verdict: 'tampered', location: f.source, digest: trusted.get(entries[0]!.s3_object)! });
  }
  return out;
}

/** Sets `integrity` on the trace's target and hops from the files checked for it. */
export async function addIntegrity(store: Store, trace: Trace, checked: { eventId: string; source: string; keptPath: string }[]): Promise<void> {
  const byEvent = new Map(checked.map((c) => [c.eventId, c]));
  const files = [...new Map(checked.map((c) => [c.keptPath, { source: c.source, keptPath: c.keptPath }])).values()];
  const integrity = await fileIntegrity(store, files);
  const of = (eventId: string | undefined) => {
    const file = eventId ? byEvent.get(eventId) : undefined;
    return file ? (integrity.get(file.keptPath) ?? null) : null;
  };
  const target = of(trace.target.eventId);
  if (target) trace.target.integrity = target;
  for (const hop of trace.hops) hop.integrity = of(hop.issuedBy?.eventId);
}

