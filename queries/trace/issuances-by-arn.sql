-- Issuing events that minted session ARN $arn between $from and $to, latest first (tier 3, spec §4.4).
SELECT e.event_id, e.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM identity_events e
JOIN source_files f USING (file_id)
WHERE e.issued_arn = $arn AND e.event_time BETWEEN $from::TIMESTAMP AND $to::TIMESTAMP
ORDER BY e.event_time DESC, e.event_id
LIMIT 50
