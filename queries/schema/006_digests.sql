-- Migration 006: CloudTrail digest files (log file integrity validation), kept like log files and
-- read by `trail-trace verify`: each digest's fields, the log files it lists with their SHA-256,
-- the signatures S3 keeps beside digests (object metadata), and AWS's public keys.
CREATE TABLE digests (
  digest_id           INTEGER PRIMARY KEY,
  sha256              VARCHAR NOT NULL UNIQUE,  -- of the file's bytes as loaded: its kept copy's name
  content_sha256      VARCHAR NOT NULL,         -- of the uncompressed digest, which its signature covers
  source              VARCHAR NOT NULL,         -- path or s3://bucket/key as given by the user
  kept_path           VARCHAR NOT NULL,
  account_id          VARCHAR NOT NULL,
  region              VARCHAR,                  -- from the digest's key: …/CloudTrail-Digest/<region>/…
  s3_bucket           VARCHAR NOT NULL,
  s3_object           VARCHAR NOT NULL,
  start_time          VARCHAR NOT NULL,         -- as written (the signing string uses the text)
  end_time            VARCHAR NOT NULL,
  fingerprint         VARCHAR,
  algorithm           VARCHAR,
  previous_s3_bucket  VARCHAR,
  previous_s3_object  VARCHAR,
  previous_hash       VARCHAR,
  previous_hash_algorithm VARCHAR,
  previous_signature  VARCHAR,
  etag                VARCHAR,                  -- the S3 object's, so that ingest s3 does not fetch it again
  loaded_at           TIMESTAMP NOT NULL
);

CREATE TABLE digest_log_files (
  digest_id          INTEGER NOT NULL,
  s3_bucket          VARCHAR,
  s3_object          VARCHAR NOT NULL,
  hash_value         VARCHAR,
  hash_algorithm     VARCHAR,
  oldest_event_time  VARCHAR,
  newest_event_time  VARCHAR
);

-- A digest's own signature lives only in its S3 object's metadata: kept by `ingest s3`, or given
-- in a file of `aws s3api head-object` outputs (`ingest files --digest-metadata`).
CREATE TABLE digest_signatures (
  s3_bucket   VARCHAR,
  s3_object   VARCHAR NOT NULL,
  signature   VARCHAR NOT NULL,
  algorithm   VARCHAR,
  origin      VARCHAR NOT NULL,  -- where it was read: s3://… or the metadata file's path
  PRIMARY KEY (s3_object, signature)
);

-- AWS's CloudTrail public keys (ListPublicKeys), by fingerprint.
CREATE TABLE public_keys (
  fingerprint  VARCHAR PRIMARY KEY,
  value        BLOB NOT NULL,
  valid_from   TIMESTAMP,
  valid_to     TIMESTAMP,
  origin       VARCHAR NOT NULL,  -- cloudtrail:ListPublicKeys in <region>, or the file it was read from
  added_at     TIMESTAMP NOT NULL
);

-- Whether DuckDB read the file itself at ingest: its scan found nothing past a limit, so verify may
-- hand it to DuckDB again while its SHA-256 still matches (NULL: loaded before this was recorded).
ALTER TABLE source_files ADD COLUMN read_by_duckdb BOOLEAN;
-- Its decompressed size, which sets DuckDB's maximum object size when it is read again.
ALTER TABLE source_files ADD COLUMN content_bytes BIGINT;
