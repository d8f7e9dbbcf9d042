-- Every copy of one call logged in several accounts: same sharedEventID $shared_event_id (spec §4.6).
-- Any event can have copies (a cross-account S3 call too), so this reads events; STS copies come
-- with their working record from identity_events.
SELECT e.event_id, i.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM events e
JOIN source_files f USING (file_id)
LEFT JOIN identity_events i USING (event_id)
WHERE e.shared_event_id = $shared_event_id
ORDER BY e.event_time, e.event_id
LIMIT 50
