-- The digests that list log files with these names ($names: names without folder and .gz, as
-- src/store/integrity.ts logName spells them): one row per listing, with the SHA-256 it gives.
SELECT regexp_replace(regexp_replace(l.s3_object, '^.*/', ''), '\.gz$', '') AS name,
       lower(l.hash_value) AS hash_value, d.s3_object
FROM digest_log_files l
JOIN digests d USING (digest_id)
WHERE list_contains($names::VARCHAR[], regexp_replace(regexp_replace(l.s3_object, '^.*/', ''), '\.gz$', ''))
