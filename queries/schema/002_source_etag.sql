-- Migration 002: S3 objects are recognised by key and ETag before they are fetched again
-- (ingest s3 is resumable and idempotent without downloading what the store already holds).
ALTER TABLE source_files ADD COLUMN etag VARCHAR;
