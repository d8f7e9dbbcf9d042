-- Migration 009: who made each credential-making call, so `trail-trace scope` walks forwards — from
-- a credential to every credential it made — by reading a few rows of the two small tables that
-- hold those calls, as the backward walk does by what the calls returned (migrations 001, 005, 007).
-- The caller is the calling credential as events names it: its access key (long-term keys and
-- STS sessions) or, for console and Identity Center sessions that sign each request with another
-- key (spec §3.7, §3.8), its principal id and session creation time.
-- identity_events is made again with the three columns (DuckDB builds no index over rows updated in
-- the same transaction), keeping its zstd records and its indexes (migrations 007, 008).
CREATE TABLE identity_events_v9 (
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
  record                   JSON NOT NULL /*records-compression*/,
  identity_access_key_id   VARCHAR,
  identity_principal_id    VARCHAR,
  session_creation_date    TIMESTAMP
);

INSERT INTO identity_events_v9
SELECT i.*, e.identity_access_key_id, e.identity_principal_id, e.session_creation_date
FROM identity_events i
LEFT JOIN events e ON e.event_id = i.event_id AND e.file_id = i.file_id AND e.record_index = i.record_index
ORDER BY i.event_time, i.event_id;

DROP TABLE identity_events;

ALTER TABLE identity_events_v9 RENAME TO identity_events;

CREATE INDEX identity_events_issued_access_key_id ON identity_events (issued_access_key_id);

CREATE INDEX identity_events_issued_principal_id ON identity_events (issued_principal_id);

CREATE INDEX identity_events_issued_arn ON identity_events (issued_arn);

CREATE INDEX identity_events_shared_event_id ON identity_events (shared_event_id);

CREATE INDEX identity_events_identity_access_key_id ON identity_events (identity_access_key_id);

ALTER TABLE iam_credential_events ADD COLUMN identity_access_key_id VARCHAR;

ALTER TABLE iam_credential_events ADD COLUMN identity_principal_id VARCHAR;

ALTER TABLE iam_credential_events ADD COLUMN session_creation_date TIMESTAMP;

UPDATE iam_credential_events c
SET identity_access_key_id = e.identity_access_key_id,
    identity_principal_id = e.identity_principal_id,
    session_creation_date = e.session_creation_date
FROM events e
WHERE e.event_id = c.event_id AND e.file_id = c.file_id AND e.record_index = c.record_index;
