-- Events whose copy used is not the one the rule picks (ingest/staged-copies.sql: by copy_rank, then
-- its file's SHA-256, then its position; migration 011): a recorded copy that goes before the copy
-- used (verify_used_copies: used-copies.sql). The rule depends on the copies only, so this holds in
-- every store that followed it: a row here means the store was changed after it was loaded. Copies
-- loaded before migration 011 (copies_untracked) are left out: which of them was used depended on
-- the load order then.
-- Returns (file_id, record_index, event_id, fields), as compare-batch.sql: where the copy that goes
-- first was loaded from.
WITH copies AS (
  SELECT c.event_id, c.file_id, c.record_index, copy_rank(f.container, f.source) AS rank, f.sha256
  FROM event_copies c
  JOIN source_files f ON f.file_id = c.file_id
  WHERE c.file_id > (SELECT coalesce(max(last_file_id), 0) FROM copies_untracked)
)
SELECT c.file_id, c.record_index, c.event_id,
       ['the copy used (this copy goes before it by the rule, and is not used)'] AS fields
FROM copies c
JOIN verify_used_copies u ON u.event_id = c.event_id
WHERE c.rank < u.rank
   OR (c.rank = u.rank AND (c.sha256 < u.sha256 OR (c.sha256 = u.sha256 AND c.record_index < u.record_index)))
ORDER BY c.file_id, c.record_index
