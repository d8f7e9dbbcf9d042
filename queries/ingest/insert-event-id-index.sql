-- Files the events stored by insert-events.sql in event_id_index_tail (migration 007), in the
-- same transaction: bulk-load.ts merges the tail into the ordered index at the end of an ingest.
INSERT INTO event_id_index_tail
SELECT s.id_hash, s.file_id
FROM staged s
ANTI JOIN staged_dropped d ON d.row_id = s.rowid
WHERE s.problem IS NULL
