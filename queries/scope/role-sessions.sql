-- Sessions of one role ($prefix: 'arn:…:sts::ACCOUNT:assumed-role/ROLE/'): the calls that minted
-- them, from $from to $to.
SELECT e.event_id, e.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM identity_events e
JOIN source_files f USING (file_id)
WHERE starts_with(e.issued_arn, $prefix) AND e.event_time BETWEEN $from::TIMESTAMP AND $to::TIMESTAMP
ORDER BY e.event_time, e.event_id
LIMIT 1000
