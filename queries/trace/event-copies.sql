-- Every recorded copy of the event $event_id other than the one the store uses (migration 011
-- event_copies), with where each was loaded from (its kept file and position) and where the copy
-- used is, so that the two records can be compared whole (src/store/copies.ts), and the fields that
-- differ among those the store compares at ingest (copy_differences; [] when none).
-- The copy used is found through event_id_index, as event-by-id.sql finds it, and read as
-- queries/ingest/staged-copies.sql reads a stored copy (keep the two in step).
WITH copies AS (
  SELECT c.event_id, c.file_id, c.record_index, c.content
  FROM event_copies c
  WHERE c.id_hash = event_id_hash($event_id) AND c.event_id = $event_id
), located AS (
  SELECT $event_id AS event_id, file_id FROM event_id_index WHERE id_hash = event_id_hash($event_id)
  UNION
  SELECT $event_id AS event_id, file_id FROM event_id_index_tail WHERE id_hash = event_id_hash($event_id)
), used AS (
  SELECT e.*, coalesce(i.issued_access_key_id, m.issued_access_key_id) AS issued_access_key_id,
         i.issued_principal_id, i.issued_arn, i.issued_target_principal,
         CASE WHEN e.event_source = 'sts.amazonaws.com' AND json_extract_string(i.record, '$.errorCode') IS NULL
           THEN nullif(json_extract_string(i.record, '$.responseElements.credentials.expiration'), '') END AS issued_expiration
  FROM located l
  JOIN events e ON e.file_id = l.file_id AND e.event_id = l.event_id
  LEFT JOIN identity_events i ON i.file_id = e.file_id AND i.record_index = e.record_index AND i.event_id = e.event_id
  LEFT JOIN iam_credential_events m ON m.file_id = e.file_id AND m.record_index = e.record_index AND m.event_id = e.event_id
)
SELECT c.event_id, f.source, c.record_index, f.sha256, f.kept_path, f.container,
       uf.kept_path AS used_kept_path, uf.container AS used_container, uf.source AS used_source, u.record_index AS used_record_index,
       CASE WHEN c.content IS NULL THEN [] ELSE copy_differences(c.content, copy_content(u)) END AS differences
FROM copies c
JOIN used u ON u.event_id = c.event_id
JOIN source_files f ON f.file_id = c.file_id
JOIN source_files uf ON uf.file_id = u.file_id
ORDER BY c.event_id, f.source, c.record_index
