-- Successful-looking ConsoleLogin events of IAM users of account $account whose ARN ends with
-- /$user, between $from and $to, from identity_events; the walk checks the user and the result.
SELECT e.event_id, e.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM identity_events e
JOIN source_files f USING (file_id)
WHERE e.event_source = 'signin.amazonaws.com' AND e.event_name = 'ConsoleLogin'
  AND e.event_time BETWEEN $from::TIMESTAMP AND $to::TIMESTAMP
  AND starts_with(e.identity_arn, 'arn:') AND contains(e.identity_arn, ':iam::' || $account || ':user/')
  AND ends_with(e.identity_arn, '/' || $user)
ORDER BY e.event_time, e.event_id
LIMIT 500
