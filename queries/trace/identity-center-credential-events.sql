-- Identity Center events that hand out role credentials, between $from and $to (spec §3.7).
-- The target account sits in serviceEventDetails; the tracer checks it.
SELECT e.event_id, e.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM identity_events e
JOIN source_files f USING (file_id)
WHERE e.event_source = 'sso.amazonaws.com' AND e.event_name IN ('GetRoleCredentials', 'Federate')
  AND e.event_time BETWEEN $from::TIMESTAMP AND $to::TIMESTAMP
ORDER BY e.event_time, e.event_id
LIMIT 50
