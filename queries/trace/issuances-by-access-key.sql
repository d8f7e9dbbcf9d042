-- Issuing events whose response returned access key $key (tier 1, spec §4.2).
SELECT e.event_id, e.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM identity_events e
JOIN source_files f USING (file_id)
WHERE e.issued_access_key_id = $key
ORDER BY e.event_time, e.event_id
LIMIT 50
