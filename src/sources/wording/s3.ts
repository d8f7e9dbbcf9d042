// How a store loaded from S3 (`ingest s3`) words a gap: the same bucket and prefix, through the
// same endpoint, narrowed to the gap's account, regions and window. No AWS client: a trace
// without --fetch loads this, and must start fast.

import { formatIso } from '../../trace/time.js';
import { hintRegions, hintWord } from '../../trace/gaps.js';
import type { GapWording } from '../registry.js';

/** s3://bucket/prefix of a root as `ingest s3` remembered it. */
function location(root: string): string {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(root);
  if (!m) return root;
  const prefix = (m[2] ?? '').replace(/\/$/, '');
  return `s3://${m[1]}${prefix ? `/${prefix}` : ''}`;
}

/** `trail-trace ingest s3 s3://… --accounts … --regions … --from … --to …` for the window. */
export const s3Wording: GapWording = {
  rootKind: 's3',
  gapHint(req, roots, ctx) {
    const s3 = roots[0]!;
    const regions = hintRegions(req);
    const parts = [ctx.ingestCommand, hintWord(location(s3.root))];
    if (req.accountId) parts.push('--accounts', hintWord(req.accountId));
    if (regions.length) parts.push('--regions', hintWord(regions.join(',')));
    parts.push('--from', formatIso(req.fromMs), '--to', formatIso(req.toMs));
    // The store was loaded from another endpoint (MinIO, LocalStack, a VPC endpoint): so is the gap.
    if (s3.endpointUrl) parts.push('--endpoint-url', hintWord(s3.endpointUrl));
    return { hint: parts.join(' ') };
  },
};
