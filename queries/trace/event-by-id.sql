-- The event with this eventID ($event_id), with where its verbatim record is kept.
SELECT e.event_id, NULL::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM events e
JOIN source_files f USING (file_id)
WHERE e.event_id = $event_id
LIMIT 1
