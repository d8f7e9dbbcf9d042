-- AssumeRoot calls whose targetPrincipal names account $account, between $from and $to (spec §3.6).
SELECT e.event_id, e.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM identity_events e
JOIN source_files f USING (file_id)
WHERE e.event_name = 'AssumeRoot' AND contains(e.issued_target_principal, $account)
  AND e.event_time BETWEEN $from::TIMESTAMP AND $to::TIMESTAMP
ORDER BY e.event_time, e.event_id
LIMIT 50
