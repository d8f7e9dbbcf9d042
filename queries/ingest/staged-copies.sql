-- Every copy of each eventID that the batch holds more than once, or that the store already holds
-- (spec §4.8 #4; issue 17, point 4): the batch's copies (row_id: the staged row) and the copy the
-- store uses now (row_id NULL), each with what ranks it and what trail-trace reads of it
-- (copy_rank, copy_content: migration 011). `used` marks the copy the store keeps in events: the
-- first by rank, then by its file's SHA-256, then by position. All three belong to the copy itself
-- (its file's shape and source, its bytes), so the same copy is used whichever order files are
-- loaded in, in one batch or across runs. used_*: that copy, beside each of its eventID's copies.
-- Made only when staged-involved.sql found such eventIDs (staged_involved): the wide rows are read
-- for their copies only.
CREATE OR REPLACE TEMP TABLE staged_copies AS
WITH keyed AS (
  SELECT s.rowid AS row_id, s.event_id, s.file_id, s.record_index
  FROM staged s
  WHERE s.problem IS NULL
), stored AS (
  SELECT event_id, file_id, record_index FROM staged_involved WHERE file_id IS NOT NULL
), involved AS (
  SELECT DISTINCT event_id FROM staged_involved
), copies AS (
  -- context: each copy's credential context (credential_contexts' columns, migration 005) and
  -- time, for replaced-events.sql.
  SELECT k.event_id, k.row_id, k.file_id, k.record_index, f.source, f.sha256,
         copy_rank(f.container, f.source) AS rank, copy_content(s) AS content,
         {'access_key_id': s.identity_access_key_id, 'principal_id': s.identity_principal_id,
          'created_at': s.session_creation_date, 'arn': s.identity_arn, 'identity_type': s.identity_type,
          'source_ip': s.source_ip, 'user_agent': s.user_agent, 'vpc_endpoint_id': s.vpc_endpoint_id,
          'event_time': s.event_time} AS context
  FROM keyed k
  SEMI JOIN involved v ON v.event_id = k.event_id
  JOIN staged s ON s.rowid = k.row_id
  JOIN batch_files f ON f.file_id = k.file_id
  UNION ALL
  -- The stored copy as the store keeps it: events, and what its issuing call returned (kept with
  -- its working record, or with the access key's making). Keep in step with trace/event-copies.sql.
  SELECT u.event_id, NULL, u.file_id, u.record_index, f.source, f.sha256,
         copy_rank(f.container, f.source), copy_content(u),
         {'access_key_id': u.identity_access_key_id, 'principal_id': u.identity_principal_id,
          'created_at': u.session_creation_date, 'arn': u.identity_arn, 'identity_type': u.identity_type,
          'source_ip': u.source_ip, 'user_agent': u.user_agent, 'vpc_endpoint_id': u.vpc_endpoint_id,
          'event_time': u.event_time}
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
)
SELECT *,
       row_number() OVER copy_order = 1 AS used,
       first_value(row_id) OVER copy_order AS used_row_id,
       first_value(file_id) OVER copy_order AS used_file_id,
       first_value(source) OVER copy_order AS used_source,
       first_value(record_index) OVER copy_order AS used_index,
       first_value(content) OVER copy_order AS used_content,
       first_value(context) OVER copy_order AS used_context
FROM copies
WINDOW copy_order AS (PARTITION BY event_id ORDER BY rank, sha256, record_index)
