-- Where the records with eventIDs $event_ids were loaded from: the file, S3 key or API page as the user
-- gave it, the record's position there, the SHA-256 of the file's bytes and its kept copy.
SELECT e.event_id, f.source, e.record_index, f.sha256, f.kept_path
FROM events e
JOIN source_files f USING (file_id)
WHERE list_contains($event_ids::VARCHAR[], e.event_id)
ORDER BY e.event_id
