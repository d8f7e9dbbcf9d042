// The long help texts of the ingest commands, apart from the commands themselves so that
// `trail-trace --help` loads no AWS SDK (commands are loaded only when they run).

import { LOOKUP_ATTRIBUTE_KEYS, LOOKUP_HISTORY_DAYS } from '../ingest/sources/lookup-limits.js';
import { EXIT } from '../errors.js';

export const S3_HELP = `
The location is the trail's bucket, or the folder in it that holds AWSLogs/ (account trails:
AWSLogs/<account>/…, organisation trails: AWSLogs/<o-id>/<account>/…); a deeper prefix is read
as given. --accounts, --regions and --from/--to choose which folders are listed. Log folders are
named by DELIVERY date, so the listing runs one day past --to. Objects already in the store (same
key and ETag) are not fetched again: running the same command again resumes an interrupted load.
Digests and Insights are skipped. Needs s3:ListBucket and s3:GetObject (and kms:Decrypt for
SSE-KMS trails); see "Permissions" in the README.

Examples:
  $ trail-trace ingest s3 s3://org-trail-bucket --accounts 111122223333 --from 2026-03-08 --to 2026-03-10
  $ trail-trace ingest s3 s3://org-trail-bucket/logs --regions us-east-1,eu-west-1 --from 36h --profile investigator
  $ AWS_ENDPOINT_URL=http://127.0.0.1:9000 trail-trace ingest s3 s3://trail   # MinIO, LocalStack`;

export const LOOKUP_HELP = `
LookupEvents answers for the account the credentials belong to, one region at a time, with the
management events of the last ${LOOKUP_HISTORY_DAYS} days (no data events). Without --regions every region
enabled for the account is read (account:ListRegions); IAM, STS global-endpoint and console
sign-in events are in us-east-1. The window (default: the last ${LOOKUP_HISTORY_DAYS} days) is fetched in 6-hour
slices; Ctrl-C keeps what was fetched, and a slice fetched in full (and closed for over a day)
is not fetched again, so running the same command again resumes an interrupted load. CloudTrail allows 2 requests per second per account and
region: trail-trace keeps under that and backs off when throttled. For other accounts of a
chain, run it again with credentials in each (--profile). Needs cloudtrail:LookupEvents (and
account:ListRegions without --regions); see "Permissions" in the README.

Attributes (one per command): ${LOOKUP_ATTRIBUTE_KEYS.join(', ')}.

Examples:
  $ trail-trace ingest lookup --regions us-east-1,eu-west-1 --from 2026-03-09 --to 2026-03-11
  $ trail-trace ingest lookup --from 36h --profile investigator-prod
  $ trail-trace ingest lookup --regions us-east-1 --from 7d --attribute EventSource=sts.amazonaws.com`;

export const ATHENA_HELP = `
Runs one query over the table AWS's CloudTrail DDL creates (manual region/year/month/day
partitions, or projected account/region/date ones; see the README), pruned to the partitions
that can hold --from..--to (date folders are delivery dates: one day past --to is read) and to
--accounts/--regions, and loads the rows as CloudTrail records. Athena charges by data scanned,
so --from is required. For a window that ended more than a day ago, running the same command
again reuses the finished query instead of scanning again. Needs athena:StartQueryExecution,
GetQueryExecution, GetQueryResults, StopQueryExecution (workgroup) and GetTableMetadata (data
catalog), glue:GetDatabase/GetTable/GetPartitions, s3:ListBucket and s3:GetObject on the trail
bucket, and write access to the results location; see "Permissions" in the README.

Examples:
  $ trail-trace ingest athena --database default --table cloudtrail_logs --region eu-west-1 --from 2026-03-09 --to 2026-03-11
  $ trail-trace ingest athena --database security --table org_trail --accounts 111122223333 --from 3d --output s3://athena-results/tt/`;

export const EXIT_HELP = `
Exit codes:
  ${EXIT.ok}    done (a trace, even a broken one, is a result)
  ${EXIT.findings}    done, and it found what it checks for: tampered evidence (verify), a warning with --strict
  ${EXIT.usage}    the command line is wrong (option, value, argument)
  ${EXIT.notFound}    not there: the event id, the store, log files at the path, bucket or table
  ${EXIT.aws}    AWS or the network failed: credentials, access denied, throttling, unreachable
  ${EXIT.unreadable}    a file or the store cannot be read or written
  ${EXIT.interrupted}  interrupted (Ctrl-C); what was loaded is kept
  ${EXIT.bug}   trail-trace hit a bug`;
