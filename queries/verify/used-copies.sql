-- The copy used of each event of which the store keeps other copies (migration 011 event_copies),
-- as the store keeps it: events, and what its issuing call returned; with what ranks it by the rule
-- (ingest/staged-copies.sql). Made once per verify, for compare-copies.sql (each batch) and
-- copy-rule.sql. Keep in step with ingest/staged-copies.sql (its stored copies) and
-- trace/event-copies.sql. Copies loaded before migration 011 (copies_untracked) were never
-- compared, and are left out.
CREATE OR REPLACE TEMP TABLE verify_used_copies AS
WITH copied AS (
  SELECT DISTINCT event_id, id_hash
  FROM event_copies
  WHERE file_id > (SELECT coalesce(max(last_file_id), 0) FROM copies_untracked)
), indexed AS (
  SELECT id_hash, file_id FROM event_id_index
  UNION ALL
  SELECT id_hash, file_id FROM event_id_index_tail
)
SELECT u.event_id, u.file_id, u.record_index, copy_rank(f.container, f.source) AS rank, f.sha256, copy_content(u) AS content
FROM (
  SELECT e.*, coalesce(i.issued_access_key_id, m.issued_access_key_id) AS issued_access_key_id,
         i.issued_principal_id, i.issued_arn, i.issued_target_principal,
         CASE WHEN e.event_source = 'sts.amazonaws.com' AND json_extract_string(i.record, '$.errorCode') IS NULL
           THEN nullif(json_extract_string(i.record, '$.responseElements.credentials.expiration'), '') END AS issued_expiration
  FROM copied c
  JOIN indexed x ON x.id_hash = c.id_hash
  JOIN events e ON e.file_id = x.file_id AND e.event_id = c.event_id
  LEFT JOIN identity_events i ON i.file_id = e.file_id AND i.record_index = e.record_index AND i.event_id = e.event_id
  LEFT JOIN iam_credential_events m ON m.file_id = e.file_id AND m.record_index = e.record_index AND m.event_id = e.event_id
) u
JOIN source_files f ON f.file_id = u.file_id
