-- The copies the store does not use (migration 011 event_copies) of the batch's files (batch_files),
-- each compared with its record as re-read from the kept copy (staged, by the ingest's own
-- extraction): the record must still be there, with the copy's eventID, and say what the store
-- recorded of it: its content where it differs from the copy used, or, where the store recorded no
-- difference (content NULL), the content of the copy used (verify_used_copies: used-copies.sql).
-- A copy whose recorded difference was wiped from the store, to hide it, is found here. Copies
-- loaded before migration 011 (copies_untracked) were never compared, and are not here either.
-- Returns (file_id, record_index, event_id, fields), as compare-batch.sql.
WITH copies AS (
  SELECT c.*
  FROM event_copies c SEMI JOIN batch_files b ON b.file_id = c.file_id
  WHERE c.file_id > (SELECT coalesce(max(last_file_id), 0) FROM copies_untracked)
), keyed AS (
  -- The copies' records found by their keys first: the wide rows are read for them only.
  SELECT s.rowid AS row_id
  FROM staged s
  SEMI JOIN copies c ON c.file_id = s.file_id AND c.record_index = s.record_index
  WHERE s.problem IS NULL
), kept AS (
  -- What trail-trace reads of each, once.
  SELECT s.file_id, s.record_index, s.event_id, copy_content(s) AS content
  FROM keyed k JOIN staged s ON s.rowid = k.row_id
), compared AS (
  SELECT c.file_id, c.record_index, c.event_id,
    CASE
      WHEN k.record_index IS NULL THEN ['record (a copy the store keeps of another event)']
      WHEN k.event_id IS DISTINCT FROM c.event_id THEN ['eventID (a copy the store keeps of another event)']
      WHEN u.event_id IS NULL THEN ['the copy used (a copy is recorded of an event the store does not hold)']
      -- The same extraction writes the same text: parsed to compare only when it does not.
      WHEN k.content = coalesce(c.content, u.content) THEN []
      ELSE [d.field || ' (a copy the store keeps of another event)'
            FOR d IN copy_differences(k.content, coalesce(c.content, u.content))]
    END AS fields
  FROM copies c
  LEFT JOIN kept k ON k.file_id = c.file_id AND k.record_index = c.record_index
  LEFT JOIN verify_used_copies u ON u.event_id = c.event_id
)
SELECT file_id, record_index, event_id, fields FROM compared WHERE len(fields) > 0
ORDER BY file_id, record_index
