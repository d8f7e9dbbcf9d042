-- Successful iam:CreateAccessKey calls that made the long-term key $key, at or before $before (its use),
-- latest first, from iam_credential_events (migration 005). Calls stored before trail-trace
-- recorded the key made hold none: they are returned too, nearest the use first, and the tracer
-- reads the key from the record (src/trace/record.ts keyCreationOf).
SELECT c.event_id, NULL::VARCHAR AS record, f.kept_path, f.container, f.source, c.record_index
FROM iam_credential_events c
JOIN source_files f USING (file_id)
WHERE c.event_name = 'CreateAccessKey'
  AND (c.issued_access_key_id = $key OR c.issued_access_key_id IS NULL)
  AND c.event_time <= $before::TIMESTAMP
ORDER BY c.issued_access_key_id IS NULL, c.event_time DESC, c.event_id
LIMIT 200
