-- Copies the stored IAM calls of the staged batch that make a long-term credential or set a
-- console password into iam_credential_events (migration 005), with who made them (migration 009).
INSERT INTO iam_credential_events BY NAME
SELECT s.event_id, s.event_time, s.event_name, s.recipient_account_id, s.issued_access_key_id, s.file_id, s.record_index,
       s.identity_access_key_id, s.identity_principal_id, s.session_creation_date
FROM staged s
ANTI JOIN staged_dropped d ON d.row_id = s.rowid
WHERE s.problem IS NULL AND s.event_source = 'iam.amazonaws.com' AND s.error_code IS NULL
  AND s.event_name IN ('CreateAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile', 'ChangePassword')
