-- Migration 010: where the logs live (`trail-trace source add`) and what was asked of them. A trace
-- with --fetch asks each source narrow questions (src/sources/question.ts) and loads the answers;
-- a question answered for a window — found or not — is remembered here, so it is never asked twice.
-- Credentials are never stored: a source names a profile at most.
CREATE TABLE IF NOT EXISTS sources (
  name      VARCHAR PRIMARY KEY,
  kind      VARCHAR NOT NULL,
  -- The kind's settings as JSON (src/sources/kinds/*.ts declares and checks them).
  settings  VARCHAR NOT NULL,
  added_at  TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS fetched_questions (
  source_name        VARCHAR NOT NULL,
  -- src/sources/question.ts questionKey: the question's accounts, regions, window and match.
  question_key       VARCHAR NOT NULL,
  what               VARCHAR NOT NULL,
  -- The question itself (canonical JSON), and what the source did to answer it: the Athena query
  -- id and SQL, the S3 prefixes, the LookupEvents calls.
  question           VARCHAR NOT NULL,
  how                VARCHAR NOT NULL,
  asked_at           TIMESTAMP NOT NULL,
  records            BIGINT NOT NULL,
  bytes_scanned      BIGINT NOT NULL,
  bytes_downloaded   BIGINT NOT NULL,
  objects            BIGINT NOT NULL,
  requests           BIGINT NOT NULL,
  PRIMARY KEY (source_name, question_key)
);
