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

/** `ingest files --help`: what it reads, how it behaves again and on bad input. */
export const FILES_HELP = `
Reads logs in whatever shape they come, recognised by content, not by name: trail files
({"Records":[…]}), a top-level array, NDJSON, \`aws cloudtrail lookup-events\` output,
Elasticsearch / OpenSearch responses and exports (_source, @timestamp, message, event.original),
Splunk exports (result._raw, results[]._raw), \`aws logs filter-log-events\` / \`get-log-events\`
output and CloudWatch Logs exports (<timestamp> <json> lines), CloudTrail Lake
\`get-query-results\` output, EventBridge events, Athena rows and Parquet; plain, gzip, bzip2 or
Zstandard, and inside .zip / .tar / .tar.gz archives. A file in a folder that is not logs (a
README) is passed over and counted; one with no CloudTrail event is named, with what it looks like.
Digest files (CloudTrail-Digest/, …_CloudTrail-Digest_…) are kept
for \`trail-trace verify\`; Insights files are skipped. Links to files and folders are followed;
FIFOs, sockets and devices are never opened.
Loading the same files again adds nothing: files are recognised by content, events by eventID.
Bad files and records are counted as warnings and the rest loads; the exit code is non-zero only
when nothing could be read, or with --strict. Ctrl-C stops after the current batch; run the same
command again to finish.

Examples:
  $ trail-trace ingest files ./AWSLogs
  $ trail-trace ingest files --db incident-42.duckdb ./AWSLogs/o-abc123/111122223333 lookup.json
  $ trail-trace ingest files customer-export.zip siem-cloudtrail.ndjson athena-ctas/`;

/** `verify --help`: what is checked, the verdicts, the exit codes. */
export const VERIFY_HELP = `
Every file loaded is kept in the store's evidence folder under the SHA-256 of its bytes. verify
reads each kept file again and checks that hash, then re-reads every record and compares it with
the event stored from it (time, name, caller, address, keys, the issuing fields the tracer uses).
CloudTrail digest files loaded with the logs (CloudTrail-Digest/) are checked offline: each
digest's SHA256withRSA signature (from its S3 metadata: kept by ingest s3, or given to ingest
files --digest-metadata; or the next digest's previousDigestSignature), the chain of digests per
account, region and trail, and each listed log file's SHA-256 against the kept copy. AWS's
public keys come from --public-keys FILE or --fetch-public-keys (ListPublicKeys), once.
Each file ends as:
  validated  a digest whose signature verifies lists it with this very content
  unsigned   unchanged since it was loaded, but no verified digest lists it (Event history,
             Athena, before validation was on, or the digest's signature is not known)
  tampered   changed after it was loaded, or not what a verified digest lists: traces and
             reports refuse records from a kept copy that changed
  missing    its kept copy is gone, or a verified digest lists it and it was never loaded
Exit code 0 when everything matches, 1 when a file is tampered or missing, a chain is broken or
a stored event differs from its record, 2 when the store cannot be read.

Examples:
  $ trail-trace verify
  $ aws cloudtrail list-public-keys --region eu-west-1 --start-time 2026-03-01 > keys.json
  $ trail-trace verify --public-keys keys.json
  $ trail-trace verify --format json | jq '.files[] | select(.verdict != "validated")'`;

/** `from-event --help`: the links and their confidence, gaps, exit codes. */
export const FROM_EVENT_HELP = `
Each hop names the STS call that minted the session, and the link:
  access-key                   exact: the session's key is the one the call returned
  principal-and-creation-time  strong: console and Identity Center sessions sign with another key
  role-session-arn             heuristic: latest issuance of the same session ARN (alternatives listed)
Where the logs run out the trace is "broken" and says which account, region and days to load,
with the command that loads them: the way the store was loaded (ingest s3, athena or lookup),
or for a store loaded from files, an aws s3 sync into a new folder named for the account, region
and window under --gap-dir (never a folder that already holds evidence). Exit code 0 for any
trace; non-zero only when no trace could be made (unknown event id, no store).

With --fetch, the trace starts from an empty store as well: the event and each hop's logs are
fetched from the sources the store keeps (trail-trace source --help), within --max-scan,
--max-objects and --max-requests; stderr says what is fetched, why, and what it cost.

Examples:
  $ trail-trace from-event 3f1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f70
  $ trail-trace from-event 3f1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f70 --fetch --account 222222222222 --day 2026-03-09
  $ trail-trace from-event 3f1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f70 --format json | jq .origin`;

/** `scope --help`: what it walks, the links, the eviction. */
export const SCOPE_HELP = `
From the start, the walk goes forwards: every STS session the credential minted (AssumeRole*,
GetSessionToken, GetFederationToken, AssumeRoot, console SwitchRole), in any account; every access
key it created for a user, and that key's own sessions; every console sign-in with a password it
set. Each credential joins only when tracing its making call backwards leads to its parent, by the
rules from-event uses (link and confidence shown). An event is traced back to its origin first.
Then, per credential: calls, failures and bursts of refused calls, first and last use, accounts,
regions, addresses, user agents; the changes its calls made (IAM persistence, logging turned off,
buckets and snapshots opened, code and instances, secrets read, deletions) with MITRE ATT&CK ids;
and the eviction checklist: keys to deactivate, sessions to revoke, what was created to delete,
what was changed to restore, logging to turn back on. Commands are printed, never run; every value
is shell-quoted (bash, zsh). The window is the whole store unless --from/--to narrow it.
A role ARN starts from every session of the role in the window; an IAM user ARN from its keys and
console sessions; an event traced to an Identity Center user from every role session the portal
handed that user. Exit code 0 for any scope; 3 when the store holds nothing to start from.
With --fetch and --from, the calls of each credential are fetched from the sources the store keeps
(source --help), round by round, instead of needing the window loaded; --account names the start
key's account (else every account is searched for its calls).

Examples:
  $ trail-trace scope AKIAIOSFODNN7EXAMPLE
  $ trail-trace scope arn:aws:iam::111122223333:user/bob --from 2026-03-01 --to 2026-03-09
  $ trail-trace scope 3f1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f70 --format json | jq '.eviction[].command'
  $ trail-trace scope AKIAIOSFODNN7EXAMPLE --fetch --account 111122223333 --from 2026-03-01`;

/** `report --help`: the sections, and how log strings are made safe. */
export const REPORT_HELP = `
The report is GitHub-flavoured markdown to paste into a ticket, wiki or GitHub issue:
  Summary       what happened, the origin, the chain, how sure, the time window
  Chain         a Mermaid diagram (accounts as boxes, confidence on the arrows) and the hops as a table
  Timeline      every call of the chain's sessions and origin; writes and sensitive calls marked
  Indicators    source IPs, user agents, access keys, role ARNs, accounts, regions: first/last seen, count
  Evidence      where each record was loaded from (file, S3 key, API), the questions --fetch
                asked (each Athena query in full), gaps and what to load, the store's coverage,
                the tool version and when the report was made
Log strings are escaped, so a crafted user agent or session name cannot break a table, add a
link or HTML, or break the diagram. SOURCE_DATE_EPOCH (seconds) fixes the "made at" time.

With --fetch, what the store lacks is fetched first from the sources it keeps (source --help).

Examples:
  $ trail-trace report 3f1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f70 -o incident.md
  $ trail-trace report 3f1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f70 --full > incident-full.md`;

/** `tui --help`: the keys. */
export const TUI_HELP = `
Needs a terminal (80×24 or larger). Keys: arrows or j/k move, Enter opens (a hop: its session's
calls; a call: its raw record), Esc goes back, t traces the selected event, / searches, S scopes
the chain (or the start screen's row): every credential its origin minted, each one's calls and
changes, and the eviction checklist; r writes the markdown report, ? lists every key, q quits.
For scripts use from-event --format json, or scope <eventId>.

With --fetch, f on a chain fetches what it lacks from the sources the store keeps (source --help),
within --max-scan, --max-objects and --max-requests each time, and traces it again in place; Esc
stops a fetch. Started on an event with --fetch, the UI fetches it first.

The UI holds the store only while it reads (a second at most after the last key), so an ingest
can run beside it; while an ingest writes, the UI gets its turn between two batches.

Examples:
  $ trail-trace tui
  $ trail-trace tui 3f1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f70 --db incident-42.duckdb
  $ trail-trace tui 3f1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f70 --fetch --max-scan 5GB`;

/** `source add … --help`: what a source is for, what is kept, what --fetch does with it. */
export const SOURCE_HELP = `
A source is where the logs already live; the store keeps it (never credentials: a profile's name
at most), and from-event, report and tui with --fetch ask it for exactly what each hop needs when
the store lacks it: the event by id, the STS call that minted a session (its account's us-east-1
and the session's region, minutes around its creation), the caller's copy of a cross-account call,
the calls made with the chain's keys; scope --fetch asks for the calls of each credential. Athena runs one partition-pruned query per question; S3 reads
only the account, region and delivery-day folders that can hold the answer; Event history asks
LookupEvents by EventId, AccessKeyId, EventName or EventSource, at most 2 requests per second. A
question answered for a window that has settled (a day old) is remembered and never asked again.
Without --fetch nothing touches the network. --max-scan, --max-objects and --max-requests bound
what a command may fetch.

Examples:
  $ trail-trace source add athena --database security --table org_trail --region us-east-1
  $ trail-trace source add s3 s3://org-trail-bucket --profile investigator
  $ trail-trace source add lookup --profile prod-investigator --regions us-east-1,eu-west-1
  $ trail-trace source list
  $ trail-trace from-event 3f1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f70 --fetch --day 2026-03-09`;
