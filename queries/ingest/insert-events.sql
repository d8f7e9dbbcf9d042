-- Moves the valid rows of the staged batch into events, except those staged-dropped.sql set aside
-- (copies of an eventID that another copy, stored or in the batch, goes before: staged-copies.sql).
-- A copy that goes before a stored one takes its place (delete-replaced.sql ran first).
INSERT INTO events BY NAME
SELECT s.event_id, s.event_time, s.event_source, s.event_name, s.event_type, s.aws_region,
       s.recipient_account_id, s.error_code, s.read_only, s.source_ip, s.user_agent,
       s.shared_event_id, s.identity_type, s.identity_arn, s.identity_principal_id,
       s.identity_account_id, s.identity_access_key_id,
       s.session_issuer_arn, s.session_creation_date, s.issued_role_arn,
       s.file_id, s.record_index, s.vpc_endpoint_id
FROM staged s
ANTI JOIN staged_dropped d ON d.row_id = s.rowid
WHERE s.problem IS NULL
