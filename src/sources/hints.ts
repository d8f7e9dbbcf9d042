// Gap hints worded by the kind of source the store was loaded from: a gap is loaded the way the
// store was. The kinds are tried in this order (a store loaded from S3 and from Athena loads its
// gaps from S3); a store loaded only from files, or from a kind with no wording here, gets the
// files hint (aws s3 sync, then ingest files: src/trace/gaps.ts). A new kind that `ingest` can
// load adds its module in src/sources/wording/ and one line here.

import type { HintContext } from '../trace/gaps.js';
import type { LoadedRoot } from '../trace/lookups.js';
import type { GapWording } from './registry.js';
import { athenaWording } from './wording/athena.js';
import { lookupWording } from './wording/lookup.js';
import { s3Wording } from './wording/s3.js';

/** By the `ingest` command's name (its kind), in the order tried. */
const GAP_WORDINGS: readonly { kind: string; wording: GapWording }[] = [
  { kind: 's3', wording: s3Wording },
  { kind: 'athena', wording: athenaWording },
  { kind: 'lookup', wording: lookupWording },
];

/** The default spelling of an ingest command, without --db. */
export const plainIngestCommand = (kind: string): string => `trail-trace ingest ${kind}`;

/** HintContext.hintFor for a store loaded from `loadedFrom`. */
export function gapHinter(loadedFrom: readonly LoadedRoot[], ingestCommand: (kind: string) => string, nowMs: number): NonNullable<HintContext['hintFor']> {
  return (req, filesHint) => {
    for (const { kind, wording } of GAP_WORDINGS) {
      const roots = loadedFrom.filter((r) => r.kind === wording.rootKind);
      if (roots.length === 0) continue;
      const hint = wording.gapHint(req, roots, { ingestCommand: ingestCommand(kind), nowMs, filesHint });
      if (hint) return hint;
    }
    return null;
  };
}
