-- The eventIDs the batch holds more than once, or that the store already holds (spec §4.8 #4;
-- issue 17, point 4): each with where the store keeps its copy (file_id, record_index; NULL for one
-- only repeated in the batch). Works on the keys only. Stored eventIDs are found through
-- event_id_index (migration 007): the hash narrows, the eventID in events decides.
-- Most batches have none, and are spared staged-copies.sql (src/store/load.ts storeCopies).
CREATE OR REPLACE TEMP TABLE staged_involved AS
WITH keyed AS (
  SELECT s.event_id, s.id_hash
  FROM staged s
  WHERE s.problem IS NULL
), repeated AS (
  SELECT event_id FROM keyed GROUP BY event_id HAVING count(*) > 1
), indexed AS (
  SELECT id_hash, file_id FROM event_id_index
  UNION ALL
  SELECT id_hash, file_id FROM event_id_index_tail
), candidates AS (
  SELECT DISTINCT k.event_id, i.file_id
  FROM keyed k JOIN indexed i ON i.id_hash = k.id_hash
)
SELECT e.event_id, e.file_id, e.record_index
FROM candidates c JOIN events e ON e.file_id = c.file_id AND e.event_id = c.event_id
UNION ALL
SELECT event_id, NULL, NULL FROM repeated
