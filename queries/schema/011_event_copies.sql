-- Migration 011: conflicting copies of an event are evidence (issue 17, point 4).
--
-- events keeps one row per eventID, the copy a trace uses. Every other copy of an eventID that was
-- loaded (CloudTrail delivering a record twice, a trail file and a SIEM export of it, Event history
-- over the trail) is recorded in event_copies, so no copy is lost and one that differs can be named
-- wherever the event is shown. Which copy events holds depends on the copies only, never on the
-- order they were loaded in (copy_rank, then the SHA-256 of the copy's file, then its position:
-- src/store/load.ts, queries/ingest/staged-copies.sql, README "Idempotent").
--
-- Never change these macros: the content of the copies stored in event_copies is copy_content's
-- (test/store/event-copies.test.ts pins them), and a store outlives the binary that wrote it.

-- Which copy goes first, by the shape and source of its file: 1, a file in CloudTrail's own
-- {"Records":[…]} shape (a trail file from a bucket or a folder, in the shape CloudTrail delivers;
-- its SHA-256 is what the trail's digests sign — the shape says nothing of who wrote the file:
-- `trail-trace verify` does); 2, Event history (`lookup-events` output and LookupEvents pages),
-- which CloudTrail serves record by record; 3, records rebuilt from an Athena table's columns by
-- trail-trace, which leave fields out; 4, records as another tool kept them whole (arrays, NDJSON,
-- SIEM exports, CloudWatch Logs); 5, records rebuilt from rows of columns in a file (Parquet, CSV,
-- CloudTrail Lake results), which may leave fields out or print nested values as text. Decided
-- from the file (its container and the name its source gives it), never from when it was loaded.
CREATE OR REPLACE MACRO copy_rank(container, source) AS CASE
  WHEN starts_with(source, 'athena://') THEN 3
  WHEN container = 'records' THEN 1
  WHEN container = 'lookup' THEN 2
  WHEN container IN ('parquet', 'csv', 'lake-rows') THEN 5
  ELSE 4
END;

-- The last file loaded before this migration (0 in a new store): copies of an event among the
-- files up to it were never compared, and which of them a trace uses depended on the order they
-- were loaded in. A trace that rests on such a file says so (src/store/copies.ts).
CREATE TABLE IF NOT EXISTS copies_untracked AS SELECT coalesce(max(file_id), 0)::INTEGER AS last_file_id FROM source_files;

-- What trail-trace reads of a record and keeps for every event (the columns of events, and what a
-- credential-issuing call returned, kept in identity_events and iam_credential_events), as text,
-- '' read as absent: two copies "differ" when one of these differs. The names of copy_fields(), in
-- the same order. Not compared: the wrapper fields an export adds (`@timestamp`, `@version`), key
-- order, whitespace, and the fields the store keeps no column of (requestID, userIdentity.userName
-- and .invokedBy, request parameters and response elements beyond those below): two copies that
-- differ only there are plain duplicates, and the rule above still picks the same one.
CREATE OR REPLACE MACRO copy_fields() AS [
  'eventTime', 'eventSource', 'eventName', 'eventType', 'awsRegion', 'recipientAccountId', 'errorCode',
  'readOnly', 'sourceIPAddress', 'userAgent', 'sharedEventID', 'vpcEndpointId',
  'userIdentity.type', 'userIdentity.arn', 'userIdentity.principalId', 'userIdentity.accountId',
  'userIdentity.accessKeyId', 'userIdentity.sessionContext.sessionIssuer.arn',
  'userIdentity.sessionContext.attributes.creationDate', 'requestParameters.roleArn',
  'requestParameters.targetPrincipal', 'responseElements (access key issued)',
  'responseElements (principal issued)', 'responseElements (ARN issued)',
  'responseElements.credentials.expiration'
];

-- A time as CloudTrail writes it (fractions of a second only when there are any).
CREATE OR REPLACE MACRO copy_time(t) AS CASE
  WHEN t IS NULL THEN NULL
  WHEN microsecond(t) % 1000000 = 0 THEN strftime(t, '%Y-%m-%dT%H:%M:%SZ')
  ELSE strftime(t, '%Y-%m-%dT%H:%M:%S.%fZ')
END;

-- r: a row with the columns extract-events.sql gives (a staged record, or a stored event joined
-- with what its issuing call returned: queries/ingest/staged-copies.sql, trace/event-copies.sql).
-- The values as one JSON text (a list, in copy_fields() order): compared and stored as text, which
-- DuckDB sorts and compares several times faster than a list; parsed only to say what differs.
CREATE OR REPLACE MACRO copy_content(r) AS to_json([
  copy_time(r.event_time), nullif(r.event_source, ''), nullif(r.event_name, ''), nullif(r.event_type, ''),
  nullif(r.aws_region, ''), nullif(r.recipient_account_id, ''), nullif(r.error_code, ''),
  r.read_only::VARCHAR, nullif(r.source_ip, ''), nullif(r.user_agent, ''), nullif(r.shared_event_id, ''),
  nullif(r.vpc_endpoint_id, ''),
  nullif(r.identity_type, ''), nullif(r.identity_arn, ''), nullif(r.identity_principal_id, ''),
  nullif(r.identity_account_id, ''), nullif(r.identity_access_key_id, ''), nullif(r.session_issuer_arn, ''),
  copy_time(r.session_creation_date), nullif(r.issued_role_arn, ''),
  nullif(r.issued_target_principal, ''), nullif(r.issued_access_key_id, ''),
  nullif(r.issued_principal_id, ''), nullif(r.issued_arn, ''),
  nullif(r.issued_expiration, '')
]::VARCHAR[])::VARCHAR;

-- Two contents say the same: the same text, or, written by another DuckDB's JSON writer, the same values.
CREATE OR REPLACE MACRO copy_same(a, b) AS
  a IS NOT DISTINCT FROM b OR from_json(a, '["VARCHAR"]') IS NOT DISTINCT FROM from_json(b, '["VARCHAR"]');

-- The fields in which two contents differ: [{field, other, used}], in copy_fields() order.
CREATE OR REPLACE MACRO copy_differences(other, used) AS [
  {'field': d[1], 'other': d[2], 'used': d[3]}
  FOR d IN list_zip(copy_fields(), from_json(other, '["VARCHAR"]'), from_json(used, '["VARCHAR"]'))
  IF d[2] IS DISTINCT FROM d[3]
];

-- Every copy of a stored eventID other than the one events holds: its file and position, and its
-- content where it differs from the copy events holds (NULL: the same, a plain duplicate). When a
-- copy that goes first arrives later, it takes events' row and the copy it displaces is recorded
-- here, the others' content made relative to it (queries/ingest/event-copies.sql).
-- id_hash is event_id_hash(event_id) (migration 007): a lookup by eventID reads that column, then
-- the eventID where it matches.
CREATE TABLE IF NOT EXISTS event_copies (
  event_id      VARCHAR NOT NULL,
  id_hash       UINTEGER NOT NULL,
  file_id       INTEGER NOT NULL,
  record_index  INTEGER NOT NULL,
  content       VARCHAR
);
