-- Every copy of each eventID that the batch holds more than once, or that the store already holds
-- (spec §4.8 #4; issue 17, point 4): the batch's copies (row_id: the staged row) and the copy the
-- store uses now (row_id NULL), each with what ranks it and what trail-trace reads of it
-- (copy_rank, copy_content: migration 011). `used` marks the copy the store keeps in events: the
-- first by rank, then by its file's SHA-256, then by position. All three belong to the copy itself
-- (its file's shape and source, its bytes), so the same copy is used whichever order files are
-- loaded in, in one batch or across runs. used_*: that copy, beside each of its eventID's copies.
-- Works on the keys first: the wide rows are read for the copies only. Stored eventIDs are found
-- through event_id_index (migration 007): the hash narrows, the eventID in events decides.
CREATE OR REPLACE TEMP TABLE staged_copies AS
WITH keyed AS (
  SELECT s.rowid AS row_id, s.event_id, s.id_hash, s.file_id, s.record_index
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
), stored AS (
  SELECT e.event_id, e.file_id, e.record_index
  FROM candidates c JOIN events e ON e.file_id = c.file_id AND e.event_id = c.event_id
), involved AS (
  SELECT event_id FROM repeated
  UNION
  SELECT event_id FROM stored
), copies AS (
  SELECT k.event_id, k.row_id, k.file_id, k.record_index, f.source, f.sha256,
         copy_rank(f.container, f.source) AS rank, copy_content(s) AS content
  FROM keyed k
  SEMI JOIN involved v ON v.event_id = k.event_id
  JOIN staged s ON s.rowid = k.row_id
  JOIN batch_files f ON f.file_id = k.file_id
  UNION ALL
  -- The stored copy as the store keeps it: events, and what its issuing call returned (kept with
  -- its working record, or with the access key's making). Keep in step with trace/differing-copies.sql.
  SELECT u.event_id, NULL, u.file_id, u.record_index, f.source, f.sha256,
         copy_rank(f.container, f.source), copy_content(u)
  FROM (
    SELECT e.*, coalesce(i.issued_access_key_id, m.issued_access_key_id) AS issued_access_key_id,
           i.issued_principal_id, i.issued_arn, i.issued_target_principal,
           -- As extract-events.sql reads it: from a successful STS call's response.
           CASE WHEN e.event_source = 'sts.amazonaws.com' AND json_extract_string(i.record, '$.errorCode') IS NULL
             THEN nullif(json_extract_string(i.record, '$.responseElements.credentials.expiration'), '') END AS issued_expiration
    FROM stored st
    JOIN events e ON e.file_id = st.file_id AND e.record_index = st.record_index AND e.event_id = st.event_id
    LEFT JOIN identity_events i ON i.file_id = st.file_id AND i.record_index = st.record_index AND i.event_id = st.event_id
    LEFT JOIN iam_credential_events m ON m.file_id = st.file_id AND m.record_index = st.record_index AND m.event_id = st.event_id
  ) u
  JOIN source_files f ON f.file_id = u.file_id
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY rank, sha256, record_index) AS place
  FROM copies
)
SELECT r.*, r.place = 1 AS used,
       u.row_id AS used_row_id, u.file_id AS used_file_id, u.source AS used_source,
       u.record_index AS used_index, u.content AS used_content
FROM ranked r
JOIN ranked u ON u.event_id = r.event_id AND u.place = 1
