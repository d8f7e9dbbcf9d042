-- The calls that may have made a credential, signed with one of the keys $keys (a scope's
-- credentials, src/trace/scope.ts), from $from to $to: the successful STS calls that returned
-- credentials (identity_events with an issued key), and CreateAccessKey and console password
-- changes (iam_credential_events, migration 005); who made them is migration 009's. Only calls
-- that make credentials: a key's thousands of GetCallerIdentity calls are not read. The walk
-- re-checks every link itself. At most $limit.
WITH calls AS (
  -- IN (SELECT unnest(…)): DuckDB answers it from the caller key's index (migration 009).
  SELECT e.event_id, e.event_time, e.record::VARCHAR AS record, e.file_id, e.record_index
  FROM identity_events e
  WHERE e.identity_access_key_id IN (SELECT unnest($keys::VARCHAR[])) AND e.issued_access_key_id IS NOT NULL
  UNION ALL
  SELECT c.event_id, c.event_time, NULL::VARCHAR AS record, c.file_id, c.record_index
  FROM iam_credential_events c
  WHERE c.identity_access_key_id IN (SELECT unnest($keys::VARCHAR[]))
)
SELECT c.event_id, c.record, f.kept_path, f.container, f.source, c.record_index
FROM calls c
JOIN source_files f USING (file_id)
WHERE c.event_time BETWEEN $from::TIMESTAMP AND $to::TIMESTAMP
ORDER BY c.event_time, c.event_id
LIMIT $limit
