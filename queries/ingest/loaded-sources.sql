-- Sources under a prefix already loaded with a marker ($prefix: 's3://bucket/' or 'lookup-events://'):
-- an S3 object's ETag, or 'complete' for a LookupEvents slice fetched to the end; digest objects too.
SELECT source, etag, kept_path FROM source_files WHERE starts_with(source, $prefix) AND etag IS NOT NULL
UNION ALL
SELECT source, etag, kept_path FROM digests WHERE starts_with(source, $prefix) AND etag IS NOT NULL
