-- Migration 001: the initial store.
-- source_files: one row per loaded file, committed in the same transaction as its events, so a
--   file is either fully loaded or not at all (an interrupted ingest leaves nothing half-loaded).
-- events: one row per unique eventID, hot fields as real columns for the tracer's lookups.
--   The verbatim record lives in the kept copy of its file (source_files.kept_path) at record_index.
-- identity_events: the few events the tracer reads whole (STS, sign-in, Identity Center), with
--   their lookup columns and a working copy of the record, so a trace's lookups scan this small
--   table instead of events, and never open a kept file except for the target.
CREATE TABLE source_files (
  file_id      INTEGER PRIMARY KEY,
  sha256       VARCHAR NOT NULL UNIQUE,
  source       VARCHAR NOT NULL,   -- path or s3://bucket/key as given by the user
  kept_path    VARCHAR NOT NULL,   -- relative to the store's evidence folder
  container    VARCHAR NOT NULL,   -- records | array | ndjson | lookup | object
  bytes        BIGINT  NOT NULL,
  records      INTEGER NOT NULL,   -- records read from the file, valid or not
  loaded_at    TIMESTAMP NOT NULL
);

CREATE TABLE events (
  event_id                 VARCHAR NOT NULL,
  event_time               TIMESTAMP NOT NULL,
  event_source             VARCHAR,
  event_name               VARCHAR,
  event_type               VARCHAR,
  aws_region               VARCHAR,
  recipient_account_id     VARCHAR,
  error_code               VARCHAR,
  read_only                BOOLEAN,
  source_ip                VARCHAR,
  user_agent               VARCHAR,
  shared_event_id          VARCHAR,
  request_id               VARCHAR,
  identity_type            VARCHAR,
  identity_arn             VARCHAR,
  identity_principal_id    VARCHAR,
  identity_account_id      VARCHAR,
  identity_access_key_id   VARCHAR,
  identity_user_name       VARCHAR,
  identity_invoked_by      VARCHAR,
  session_issuer_arn       VARCHAR,
  session_creation_date    TIMESTAMP,
  issued_access_key_id     VARCHAR,
  issued_principal_id      VARCHAR,
  issued_arn               VARCHAR,
  issued_expiration        VARCHAR,  -- raw: "Mar 9, 2026, 3:04:05 PM" (spec §3.0.1), parsed by the tracer
  issued_role_arn          VARCHAR,
  issued_target_principal  VARCHAR,
  file_id                  INTEGER NOT NULL,
  record_index             INTEGER NOT NULL
);

CREATE TABLE identity_events (
  event_id                 VARCHAR NOT NULL,
  event_time               TIMESTAMP NOT NULL,
  event_source             VARCHAR,
  event_name               VARCHAR,
  identity_arn             VARCHAR,
  shared_event_id          VARCHAR,
  issued_access_key_id     VARCHAR,
  issued_principal_id      VARCHAR,
  issued_arn               VARCHAR,
  issued_target_principal  VARCHAR,
  file_id                  INTEGER NOT NULL,
  record_index             INTEGER NOT NULL,
  record                   JSON NOT NULL
);

-- Where files came from, to word gap hints ("load this prefix of that bucket").
CREATE TABLE layout_roots (
  kind    VARCHAR NOT NULL,   -- local | s3
  root    VARCHAR NOT NULL,   -- folder (local) or s3://bucket/prefix holding AWSLogs/
  org_id  VARCHAR,
  PRIMARY KEY (kind, root)
);
