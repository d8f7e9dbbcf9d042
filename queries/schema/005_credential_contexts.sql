-- Migration 005: credential_contexts, where each credential was used from, summed per ingest batch:
-- one row per (key, principal, creation time, ARN, identity type, source IP, user agent, VPC endpoint)
-- of a batch, with its calls, first and last time and first event. A trace's findings read this
-- small table (src/trace/findings.ts, queries/trace/credential-usage.sql, address-users.sql) instead
-- of scanning events; the same tuple from several batches is summed again at read time.
CREATE TABLE credential_contexts (
  access_key_id    VARCHAR,
  principal_id     VARCHAR,
  created_at       TIMESTAMP,
  arn              VARCHAR,
  identity_type    VARCHAR,
  source_ip        VARCHAR,
  user_agent       VARCHAR,
  vpc_endpoint_id  VARCHAR,
  calls            BIGINT NOT NULL,
  first_time       TIMESTAMP NOT NULL,
  last_time        TIMESTAMP NOT NULL,
  first_event_id   VARCHAR NOT NULL
);
INSERT INTO credential_contexts
SELECT identity_access_key_id, identity_principal_id, session_creation_date, identity_arn, identity_type,
       source_ip, user_agent, vpc_endpoint_id,
       count(*), min(event_time), max(event_time), arg_min(event_id, (event_time, event_id))
FROM events
GROUP BY identity_access_key_id, identity_principal_id, session_creation_date, identity_arn, identity_type,
         source_ip, user_agent, vpc_endpoint_id;

-- iam_credential_events: the calls that make a long-term credential (iam:CreateAccessKey, the key it
-- made in issued_access_key_id) or set a console password (CreateLoginProfile, UpdateLoginProfile,
-- ChangePassword), so the walk past a credential's making (src/trace/creation.ts) reads a few rows
-- instead of scanning events. Events stored before this migration have no key recorded: the
-- tracer reads it from the record.
CREATE TABLE iam_credential_events (
  event_id              VARCHAR NOT NULL,
  event_time            TIMESTAMP NOT NULL,
  event_name            VARCHAR NOT NULL,
  recipient_account_id  VARCHAR,
  issued_access_key_id  VARCHAR,
  file_id               INTEGER NOT NULL,
  record_index          INTEGER NOT NULL
);
INSERT INTO iam_credential_events
SELECT event_id, event_time, event_name, recipient_account_id, issued_access_key_id, file_id, record_index
FROM events
WHERE event_source = 'iam.amazonaws.com' AND error_code IS NULL
  AND event_name IN ('CreateAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile', 'ChangePassword');
