-- Successful iam:CreateAccessKey calls that made the long-term key $1, at or before $2 (its use),
-- latest first. Stores loaded before trail-trace recorded the key made (issued_access_key_id) hold
-- those calls with none: they are returned too, nearest the use first, and the tracer reads the key
-- from the record (src/trace/record.ts keyCreationOf).
SELECT e.event_id, i.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM events e
JOIN source_files f USING (file_id)
LEFT JOIN identity_events i USING (event_id)
WHERE e.event_source = 'iam.amazonaws.com' AND e.event_name = 'CreateAccessKey' AND e.error_code IS NULL
  AND (e.issued_access_key_id = $1 OR e.issued_access_key_id IS NULL)
  AND e.event_time <= $2::TIMESTAMP
ORDER BY e.issued_access_key_id IS NULL, e.event_time DESC, e.event_id
LIMIT 200
