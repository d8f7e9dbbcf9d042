-- Migration 003: the endpoint an S3 location was read through (MinIO, LocalStack, a VPC
-- endpoint), so that a gap's `ingest s3` command reads the missing logs from the same place.
ALTER TABLE layout_roots ADD COLUMN endpoint_url VARCHAR;
