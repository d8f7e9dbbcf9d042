-- The calls of a scope's credentials that may have changed something (the (eventSource, eventName)
-- pairs $sources/$names of src/trace/catalogue.ts, in step), oldest first, with the credential
-- that made each, from scope_calls(…) (credential-calls-macro.sql, defined first). The caller reads
-- each record and classifies it (src/trace/changes.ts). At most $limit calls.
WITH wanted AS (SELECT unnest($sources::VARCHAR[]) AS event_source, unnest($names::VARCHAR[]) AS event_name)
SELECT c.cred, c.event_id, NULL::VARCHAR AS record, f.kept_path, f.container, f.source, c.record_index
FROM scope_calls($key_creds, $keys, $key_froms, $key_tos, $from, $to) c
SEMI JOIN wanted w ON w.event_source = c.event_source AND w.event_name = c.event_name
JOIN source_files f USING (file_id)
ORDER BY c.event_time, c.event_id
LIMIT $limit
