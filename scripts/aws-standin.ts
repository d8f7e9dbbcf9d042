// The tests' loopback AWS stand-in, by hand: CloudTrail LookupEvents, Athena (over a DuckDB table),
// STS and Account, serving the fixture organisation trail. Try the API ingest commands without AWS:
//
//   npm run standin                       # prints the endpoint and the credentials to export
//   trail-trace ingest lookup --regions us-east-1,eu-west-1 --from 2026-03-09 --to 2026-03-11
//   trail-trace ingest athena --database security --table org_trail --from 2026-03-09 --to 2026-03-11

import { PROJECTED } from '../test/helpers/athena-table.js';
import { startAwsServer } from '../test/helpers/aws-json-server.js';
import { ACCOUNT_KEYS, KEY_ACCOUNTS, ORG_TRAIL, orgTrailRecords } from '../test/helpers/org-trail.js';

const server = await startAwsServer({
  accounts: KEY_ACCOUNTS,
  lookupRecords: orgTrailRecords(),
  athena: { ...PROJECTED, seedDir: ORG_TRAIL, pollsBeforeDone: 4 },
});
console.log(`AWS stand-in on ${server.endpoint} (Ctrl-C to stop). In another shell:

  export AWS_ENDPOINT_URL=${server.endpoint} AWS_REGION=us-east-1 AWS_SECRET_ACCESS_KEY=any
  export AWS_ACCESS_KEY_ID=<one of the keys below: LookupEvents answers for that key's account>
`);
for (const [account, key] of Object.entries(ACCOUNT_KEYS)) console.log(`  ${key}  account ${account}`);
console.log(`\nAthena table: --database ${PROJECTED.database} --table ${PROJECTED.table} (projected account/region/date partitions)`);
process.on('SIGINT', () => void server.stop().then(() => process.exit(0)));
