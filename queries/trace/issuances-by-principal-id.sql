-- Issuing events that minted principal id $principal_id between $from and $to (tier 2, spec §4.3).
SELECT e.event_id, e.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM identity_events e
JOIN source_files f USING (file_id)
WHERE e.issued_principal_id = $principal_id AND e.event_time BETWEEN $from::TIMESTAMP AND $to::TIMESTAMP
ORDER BY e.event_time, e.event_id
LIMIT 50
