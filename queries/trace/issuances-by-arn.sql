-- Issuing events that minted session ARN $1 between $2 and $3, latest first (tier 3, spec §4.4).
SELECT e.event_id, e.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM identity_events e
JOIN source_files f USING (file_id)
WHERE e.issued_arn = $1 AND e.event_time BETWEEN $2::TIMESTAMP AND $3::TIMESTAMP
ORDER BY e.event_time DESC, e.event_id
LIMIT 50
