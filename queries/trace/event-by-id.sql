-- The event with this eventID ($event_id), with where its verbatim record is kept. Found through
-- event_id_index (migration 007): the hash picks the files, the eventID decides.
-- UNION ALL: a file named twice joins the event twice, and LIMIT 1 keeps one (a UNION's distinct
-- costs a pipeline: a fifth of the lookup on a small store).
WITH located AS (
  SELECT file_id FROM event_id_index WHERE id_hash = event_id_hash($event_id)
  UNION ALL
  SELECT file_id FROM event_id_index_tail WHERE id_hash = event_id_hash($event_id)
)
SELECT e.event_id, NULL::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM located l
JOIN events e ON e.file_id = l.file_id
JOIN source_files f ON f.file_id = e.file_id
WHERE e.event_id = $event_id
LIMIT 1
