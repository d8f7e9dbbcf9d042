-- Where the copies used of the events $event_ids were loaded from (kept file, container, position),
-- for the files not in CloudTrail's own shape: a record read from one may say what trail-trace did
-- to it (src/store/derived.ts). Found through event_id_index, as event-by-id.sql finds an event.
WITH asked AS (
  SELECT DISTINCT unnest($event_ids::VARCHAR[]) AS event_id
)
SELECT DISTINCT e.event_id, f.kept_path, f.container, f.source, e.record_index
FROM asked a
JOIN (SELECT id_hash, file_id FROM event_id_index UNION ALL SELECT id_hash, file_id FROM event_id_index_tail) i
  ON i.id_hash = event_id_hash(a.event_id)
JOIN events e ON e.file_id = i.file_id AND e.event_id = a.event_id
JOIN source_files f ON f.file_id = e.file_id
WHERE f.container NOT IN ('records', 'lookup')
