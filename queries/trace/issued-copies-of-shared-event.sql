-- The copies of one STS call logged in several accounts (same sharedEventID $shared_event_id): the cheap
-- lookup for a hop, from identity_events only.
SELECT e.event_id, e.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM identity_events e
JOIN source_files f USING (file_id)
WHERE e.shared_event_id = $shared_event_id
ORDER BY e.event_time, e.event_id
LIMIT 50
