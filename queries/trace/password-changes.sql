-- Successful calls that set an IAM user's console password in account $1, from $2 to $3:
-- CreateLoginProfile and UpdateLoginProfile (for requestParameters.userName) and ChangePassword
-- (the caller's own). The tracer keeps those for the user it asks about (src/trace/walk.ts).
SELECT e.event_id, i.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM events e
JOIN source_files f USING (file_id)
LEFT JOIN identity_events i USING (event_id)
WHERE e.event_source = 'iam.amazonaws.com'
  AND e.event_name IN ('CreateLoginProfile', 'UpdateLoginProfile', 'ChangePassword')
  AND e.error_code IS NULL AND e.recipient_account_id = $1
  AND e.event_time BETWEEN $2::TIMESTAMP AND $3::TIMESTAMP
ORDER BY e.event_time, e.event_id
LIMIT 500
