-- Migration 008: a smaller store (the issue "Instant, installable…": at most 1.5x the compressed
-- logs, kept copies included, which are 1x on their own).
--
-- events loses the columns no query reads: requestID, userIdentity.userName and .invokedBy, the
-- issued credentials' expiration, and what an issuing call returned (key, principal, ARN, AssumeRoot's
-- target), which the tracer reads from identity_events and iam_credential_events. A fifth of events'
-- size at ten million events; every field stays in the verbatim record of the kept copy.
ALTER TABLE events DROP COLUMN request_id;

ALTER TABLE events DROP COLUMN identity_user_name;

ALTER TABLE events DROP COLUMN identity_invoked_by;

ALTER TABLE events DROP COLUMN issued_expiration;

ALTER TABLE events DROP COLUMN issued_access_key_id;

ALTER TABLE events DROP COLUMN issued_principal_id;

ALTER TABLE events DROP COLUMN issued_arn;

ALTER TABLE events DROP COLUMN issued_target_principal;

-- identity_events keeps its working records compressed with zstd where the store's file format has
-- it (stores made by this version; src/store/migrate.ts writes the clause in place of the marker
-- only then): STS records repeat across a block far more than within one, and are a quarter the
-- size (a fifth of the database at ten million events) for ~1 ms more per issuance looked up.
CREATE TABLE identity_events_compact (
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
  record                   JSON NOT NULL /*records-compression*/
);

INSERT INTO identity_events_compact SELECT * FROM identity_events;

DROP TABLE identity_events;

ALTER TABLE identity_events_compact RENAME TO identity_events;

CREATE INDEX identity_events_issued_access_key_id ON identity_events (issued_access_key_id);

CREATE INDEX identity_events_issued_principal_id ON identity_events (issued_principal_id);

CREATE INDEX identity_events_issued_arn ON identity_events (issued_arn);

CREATE INDEX identity_events_shared_event_id ON identity_events (shared_event_id);
