-- Stored rows of the batch's files (batch_files) that differ from their records as re-read from the
-- kept copies (staged, by the ingest's own extraction): one row per stored event, with the fields
-- that differ, named as CloudTrail names them. 'record' alone: the kept file no longer has a record
-- at that position. (A record added to a kept file changes its SHA-256, which verify reports.)
-- 'eventID index': event_id_index (migration 007) does not say which file holds it, so a lookup
-- by its eventID would not find it.
-- Returns (file_id, record_index, event_id, fields).
WITH kept AS (
  SELECT s.* EXCLUDE (file_path)
  FROM staged s
  WHERE s.problem IS NULL
), stored AS (
  SELECT e.* FROM events e SEMI JOIN batch_files b ON b.file_id = e.file_id
), working AS (
  SELECT i.file_id, i.record_index, i.record, i.issued_access_key_id, i.issued_principal_id, i.issued_arn, i.issued_target_principal
  FROM identity_events i SEMI JOIN batch_files b ON b.file_id = i.file_id
), index_rows AS (
  -- The batch's files only: the whole index would be the join's larger side at ten million events.
  SELECT id_hash, file_id FROM event_id_index WHERE file_id IN (SELECT file_id FROM batch_files)
  UNION ALL
  SELECT id_hash, file_id FROM event_id_index_tail WHERE file_id IN (SELECT file_id FROM batch_files)
), indexed AS (
  SELECT st.file_id, st.record_index FROM stored st
  SEMI JOIN index_rows i ON i.file_id = st.file_id AND i.id_hash = event_id_hash(st.event_id)
), made AS (
  SELECT c.file_id, c.record_index, c.issued_access_key_id FROM iam_credential_events c SEMI JOIN batch_files b ON b.file_id = c.file_id
), compared AS (
  SELECT st.file_id, st.record_index, st.event_id,
    CASE WHEN k.record_index IS NULL THEN ['record'] ELSE list_filter([
      CASE WHEN ix.file_id IS NULL THEN 'eventID index' END,
      CASE WHEN st.event_id IS DISTINCT FROM k.event_id THEN 'eventID' END,
      CASE WHEN st.event_time IS DISTINCT FROM k.event_time THEN 'eventTime' END,
      CASE WHEN st.event_source IS DISTINCT FROM k.event_source THEN 'eventSource' END,
      CASE WHEN st.event_name IS DISTINCT FROM k.event_name THEN 'eventName' END,
      CASE WHEN st.event_type IS DISTINCT FROM k.event_type THEN 'eventType' END,
      CASE WHEN st.aws_region IS DISTINCT FROM k.aws_region THEN 'awsRegion' END,
      CASE WHEN st.recipient_account_id IS DISTINCT FROM k.recipient_account_id THEN 'recipientAccountId' END,
      CASE WHEN st.error_code IS DISTINCT FROM k.error_code THEN 'errorCode' END,
      CASE WHEN st.read_only IS DISTINCT FROM k.read_only THEN 'readOnly' END,
      CASE WHEN st.source_ip IS DISTINCT FROM k.source_ip THEN 'sourceIPAddress' END,
      CASE WHEN st.user_agent IS DISTINCT FROM k.user_agent THEN 'userAgent' END,
      CASE WHEN st.shared_event_id IS DISTINCT FROM k.shared_event_id THEN 'sharedEventID' END,
      CASE WHEN st.vpc_endpoint_id IS DISTINCT FROM k.vpc_endpoint_id THEN 'vpcEndpointId' END,
      CASE WHEN st.identity_type IS DISTINCT FROM k.identity_type THEN 'userIdentity.type' END,
      CASE WHEN st.identity_arn IS DISTINCT FROM k.identity_arn THEN 'userIdentity.arn' END,
      CASE WHEN st.identity_principal_id IS DISTINCT FROM k.identity_principal_id THEN 'userIdentity.principalId' END,
      CASE WHEN st.identity_account_id IS DISTINCT FROM k.identity_account_id THEN 'userIdentity.accountId' END,
      CASE WHEN st.identity_access_key_id IS DISTINCT FROM k.identity_access_key_id THEN 'userIdentity.accessKeyId' END,
      CASE WHEN st.session_issuer_arn IS DISTINCT FROM k.session_issuer_arn THEN 'userIdentity.sessionContext.sessionIssuer.arn' END,
      CASE WHEN st.session_creation_date IS DISTINCT FROM k.session_creation_date THEN 'userIdentity.sessionContext.attributes.creationDate' END,
      CASE WHEN st.issued_role_arn IS DISTINCT FROM k.issued_role_arn THEN 'requestParameters.roleArn' END,
      -- What an issuing call returned is kept with its working record (STS, sign-in, Identity
      -- Center) or with the access key's making (iam:CreateAccessKey), and compared there.
      CASE WHEN w.file_id IS NOT NULL AND w.issued_access_key_id IS DISTINCT FROM k.issued_access_key_id THEN 'responseElements (access key issued)' END,
      CASE WHEN w.file_id IS NOT NULL AND w.issued_principal_id IS DISTINCT FROM k.issued_principal_id THEN 'responseElements (principal issued)' END,
      CASE WHEN w.file_id IS NOT NULL AND w.issued_arn IS DISTINCT FROM k.issued_arn THEN 'responseElements (ARN issued)' END,
      CASE WHEN w.file_id IS NOT NULL AND w.issued_target_principal IS DISTINCT FROM k.issued_target_principal THEN 'requestParameters.targetPrincipal' END,
      CASE WHEN m.file_id IS NOT NULL AND m.issued_access_key_id IS DISTINCT FROM k.issued_access_key_id THEN 'responseElements.accessKey.accessKeyId' END,
      -- The same extraction writes the same text; only when it does not are both parsed to compare.
      CASE WHEN w.record::VARCHAR IS DISTINCT FROM k.identity_record::VARCHAR
            AND json(w.record) IS DISTINCT FROM json(k.identity_record) THEN 'record (the copy the tracer reads)' END
    ], x -> x IS NOT NULL) END AS fields
  FROM stored st
  LEFT JOIN kept k ON k.file_id = st.file_id AND k.record_index = st.record_index
  LEFT JOIN working w ON w.file_id = st.file_id AND w.record_index = st.record_index
  LEFT JOIN made m ON m.file_id = st.file_id AND m.record_index = st.record_index
  LEFT JOIN indexed ix ON ix.file_id = st.file_id AND ix.record_index = st.record_index
)
SELECT file_id, record_index, event_id, fields FROM compared WHERE len(fields) > 0
ORDER BY file_id, record_index
