-- Successful calls that set an IAM user's console password in account $account, from $from to $to, from
-- iam_credential_events (migration 005): CreateLoginProfile and UpdateLoginProfile (for
-- requestParameters.userName) and ChangePassword (the caller's own). The tracer keeps those for the
-- user it asks about (src/trace/creation.ts).
SELECT c.event_id, NULL::VARCHAR AS record, f.kept_path, f.container, f.source, c.record_index
FROM iam_credential_events c
JOIN source_files f USING (file_id)
WHERE c.event_name IN ('CreateLoginProfile', 'UpdateLoginProfile', 'ChangePassword')
  AND c.recipient_account_id = $account
  AND c.event_time BETWEEN $from::TIMESTAMP AND $to::TIMESTAMP
ORDER BY c.event_time, c.event_id
LIMIT 500
