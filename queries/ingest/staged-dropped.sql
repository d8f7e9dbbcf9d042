-- Which valid staged rows must not be stored (spec §4.8 #4): their eventID is already in the
-- store, or an earlier copy of it is in the same batch (the first copy, by file then position,
-- is kept). Works on the keys only: the wide rows are read once, by the inserts that follow.
CREATE OR REPLACE TEMP TABLE staged_dropped AS
WITH keyed AS (
  SELECT s.rowid AS row_id, s.event_id, s.file_id, s.record_index
  FROM staged s
  WHERE s.problem IS NULL
), repeated AS (
  SELECT event_id, arg_min(row_id, (file_id, record_index)) AS kept_row_id
  FROM keyed
  GROUP BY event_id
  HAVING count(*) > 1
)
SELECT k.row_id FROM keyed k JOIN repeated r ON r.event_id = k.event_id WHERE k.row_id <> r.kept_row_id
UNION
SELECT k.row_id FROM keyed k SEMI JOIN events e ON e.event_id = k.event_id
