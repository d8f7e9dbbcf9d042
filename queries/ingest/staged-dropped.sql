-- Which valid staged rows must not be stored (spec §4.8 #4): their eventID is already in the
-- store, or an earlier copy of it is in the same batch (the first copy, by file then position,
-- is kept). Works on the keys only: the wide rows are read once, by the inserts that follow.
-- Stored eventIDs are found through event_id_index (migration 007): the hash narrows, the
-- eventID in events decides.
CREATE OR REPLACE TEMP TABLE staged_dropped AS
WITH keyed AS (
  SELECT s.rowid AS row_id, s.event_id, s.id_hash, s.file_id, s.record_index
  FROM staged s
  WHERE s.problem IS NULL
), repeated AS (
  SELECT event_id, arg_min(row_id, (file_id, record_index)) AS kept_row_id
  FROM keyed
  GROUP BY event_id
  HAVING count(*) > 1
), indexed AS (
  SELECT id_hash, file_id FROM event_id_index
  UNION ALL
  SELECT id_hash, file_id FROM event_id_index_tail
), candidates AS (
  SELECT DISTINCT k.row_id, k.event_id, i.file_id
  FROM keyed k JOIN indexed i ON i.id_hash = k.id_hash
)
SELECT k.row_id FROM keyed k JOIN repeated r ON r.event_id = k.event_id WHERE k.row_id <> r.kept_row_id
UNION
SELECT c.row_id FROM candidates c
JOIN events e ON e.file_id = c.file_id AND e.event_id = c.event_id
