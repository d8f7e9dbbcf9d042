-- Objects of one bucket already in the store, by key and ETag ($1: 's3://bucket/').
SELECT source, etag FROM source_files WHERE starts_with(source, $1) AND etag IS NOT NULL
