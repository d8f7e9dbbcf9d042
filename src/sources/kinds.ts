// The source kinds trail-trace knows, by name. A new kind (CloudTrail Lake, say) is one more
// module in src/sources/kinds/ and one more line here; nothing else changes.

import { athenaKind } from './kinds/athena.js';
import { filesKind } from './kinds/files.js';
import { lookupKind } from './kinds/lookup.js';
import type { SourceKind } from './registry.js';
import { s3Kind } from './kinds/s3.js';

export const SOURCE_KINDS: Record<string, SourceKind<never>> = {
  athena: athenaKind as SourceKind<never>,
  s3: s3Kind as SourceKind<never>,
  lookup: lookupKind as SourceKind<never>,
  files: filesKind as SourceKind<never>,
};
