-- The event with this eventID ($1), with where its verbatim record is kept.
SELECT e.event_id, NULL::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM events e
JOIN source_files f USING (file_id)
WHERE e.event_id = $1
LIMIT 1
