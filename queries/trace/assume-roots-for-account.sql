-- AssumeRoot calls whose targetPrincipal names account $1, between $2 and $3 (spec §3.6).
SELECT e.event_id, e.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM identity_events e
JOIN source_files f USING (file_id)
WHERE e.event_name = 'AssumeRoot' AND contains(e.issued_target_principal, $1)
  AND e.event_time BETWEEN $2::TIMESTAMP AND $3::TIMESTAMP
ORDER BY e.event_time, e.event_id
LIMIT 50
