// How a store loaded from Event history (`ingest lookup`) words a gap: LookupEvents in the gap's
// account, which answers for the caller's own account only, and for the last 90 days only. No AWS
// client (see ./s3.ts).

import { DAY, formatIso } from '../../trace/time.js';
import { hintRegions, hintWord } from '../../trace/gaps.js';
import { LOOKUP_HISTORY_DAYS } from '../../ingest/sources/lookup-limits.js';
import type { GapWording } from '../registry.js';

/**
 * `trail-trace ingest lookup --account … --regions … --from … --to …`: the command names the
 * account it needs credentials in (and checks them). A window older than Event history keeps is
 * only in the trail's files: the files hint, saying why.
 */
export const lookupWording: GapWording = {
  rootKind: 'lookup',
  gapHint(req, _roots, ctx) {
    if (req.fromMs < ctx.nowMs - LOOKUP_HISTORY_DAYS * DAY) {
      return {
        hint: ctx.filesHint(),
        why: 'The store was loaded from Event history, which keeps only the last 90 days; this window is older, so its events are only in the trail\'s files in S3.',
      };
    }
    const regions = hintRegions(req);
    const parts = [ctx.ingestCommand];
    if (req.accountId) parts.push('--account', hintWord(req.accountId));
    if (regions.length) parts.push('--regions', hintWord(regions.join(',')));
    parts.push('--from', formatIso(req.fromMs), '--to', formatIso(req.toMs));
    return { hint: parts.join(' ') };
  },
};
