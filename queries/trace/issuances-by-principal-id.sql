-- Issuing events that minted principal id $1 between $2 and $3 (tier 2, spec §4.3).
SELECT e.event_id, e.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM identity_events e
JOIN source_files f USING (file_id)
WHERE e.issued_principal_id = $1 AND e.event_time BETWEEN $2::TIMESTAMP AND $3::TIMESTAMP
ORDER BY e.event_time, e.event_id
LIMIT 50
