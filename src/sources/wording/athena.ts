// How a store loaded from Athena (`ingest athena`) words a gap: the same table, narrowed to the
// gap's account, regions and window. No AWS client (see ./s3.ts).

import { formatIso } from '../../trace/time.js';
import { hintRegions, hintWord } from '../../trace/gaps.js';
import type { GapWording } from '../registry.js';

/** athena://<region>/<catalog>/<database>/<table>, as `ingest athena` remembered it. */
function tableOf(root: string): { region: string; catalog: string; database: string; table: string } | null {
  const parts = root.replace(/^athena:\/\//, '').split('/');
  if (parts.length !== 4) return null;
  const [region, catalog, database, table] = parts as [string, string, string, string];
  return { region, catalog, database, table };
}

/** `trail-trace ingest athena --database … --table … --region … --accounts … --regions … --from … --to …` */
export const athenaWording: GapWording = {
  rootKind: 'athena',
  gapHint(req, roots, ctx) {
    const t = roots.map((r) => tableOf(r.root)).find((x) => x !== null);
    if (!t) return null;
    const regions = hintRegions(req);
    const parts = [ctx.ingestCommand, '--database', hintWord(t.database), '--table', hintWord(t.table), '--region', hintWord(t.region)];
    if (t.catalog !== 'AwsDataCatalog') parts.push('--catalog', hintWord(t.catalog));
    if (req.accountId) parts.push('--accounts', hintWord(req.accountId));
    if (regions.length) parts.push('--regions', hintWord(regions.join(',')));
    parts.push('--from', formatIso(req.fromMs), '--to', formatIso(req.toMs));
    return { hint: parts.join(' ') };
  },
};
