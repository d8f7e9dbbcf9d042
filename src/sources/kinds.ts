// The source kinds trail-trace knows, by name. A new kind (CloudTrail Lake, say) is one more
// module in src/sources/kinds/ and one more line here; nothing else changes.

import { athenaKind } from './kinds/athena.js';
import { filesKind } from './kinds/files.js';
import { lookupKind } from './kinds/lookup.js';
import { parseSettings, type SourceKind } from './registry.js';
import { s3Kind } from './kinds/s3.js';

export const SOURCE_KINDS: Record<string, SourceKind<never>> = {
  athena: athenaKind as SourceKind<never>,
  s3: s3Kind as SourceKind<never>,
  lookup: lookupKind as SourceKind<never>,
  files: filesKind as SourceKind<never>,
};

/** A stored source's kind and settings, checked; null when this version cannot use it (a kind it does not know, settings it cannot read). */
export function kindOfStored(stored: { kind: string; settings: string }): { kind: SourceKind<unknown>; settings: unknown } | null {
  const kind = Object.hasOwn(SOURCE_KINDS, stored.kind) ? (SOURCE_KINDS[stored.kind] as SourceKind<unknown>) : undefined;
  const parsed = kind?.settings.safeParse(parseSettings(stored.settings));
  return kind && parsed?.success ? { kind, settings: parsed.data } : null;
}
