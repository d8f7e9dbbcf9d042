-- signin.amazonaws.com events between $from and $to, by principal ARN $arn when it is not null (spec §3.8).
SELECT e.event_id, e.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM identity_events e
JOIN source_files f USING (file_id)
WHERE e.event_source = 'signin.amazonaws.com'
  AND e.event_time BETWEEN $from::TIMESTAMP AND $to::TIMESTAMP
  AND ($arn::VARCHAR IS NULL OR e.identity_arn = $arn)
ORDER BY e.event_time, e.event_id
LIMIT 50
