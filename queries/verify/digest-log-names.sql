-- The names (without folder and .gz, as src/store/integrity.ts logName spells them) of every log
-- file a stored digest lists: a file so named needs its content hashed.
SELECT DISTINCT regexp_replace(regexp_replace(s3_object, '^.*/', ''), '\.gz$', '') AS name
FROM digest_log_files
