-- The copy the store uses of the event $event_id (found as event-by-id.sql finds it: the hash, a
-- constant, lets DuckDB skip most of the index), with where it was loaded from, whether it was
-- loaded before the store compared copies (migration 011 copies_untracked), and whether other copies
-- of it are recorded (event_copies). One lookup per record a trace shows (src/store/copies.ts); the
-- target's is also its lookup by eventID (the columns of event-by-id.sql first: src/store/events.ts
-- getShownEventById).
-- UNION ALL: a file named twice joins the event twice, and LIMIT 1 keeps one (a UNION's distinct
-- costs a pipeline: a fifth of the lookup on a small store).
WITH located AS (
  SELECT file_id FROM event_id_index WHERE id_hash = event_id_hash($event_id)
  UNION ALL
  SELECT file_id FROM event_id_index_tail WHERE id_hash = event_id_hash($event_id)
)
SELECT e.event_id, NULL::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index, e.file_id,
       e.file_id <= (SELECT coalesce(max(last_file_id), 0) FROM copies_untracked) AS untracked,
       EXISTS (SELECT 1 FROM event_copies c WHERE c.id_hash = event_id_hash($event_id) AND c.event_id = $event_id) AS has_copies
FROM located l
JOIN events e ON e.file_id = l.file_id
JOIN source_files f ON f.file_id = e.file_id
WHERE e.event_id = $event_id
LIMIT 1
