-- Copies the newly stored STS / sign-in / Identity Center events into identity_events, with the
-- working copy of their record (first delivery of an eventID wins, as in events).
INSERT INTO identity_events
SELECT s.event_id, s.event_time, s.event_source, s.event_name, s.identity_arn, s.shared_event_id,
       s.issued_access_key_id, s.issued_principal_id, s.issued_arn, s.issued_target_principal,
       f.file_id, s.record_index, s.identity_record
FROM staged s
JOIN batch_files f ON f.local_path = s.file_path
WHERE s.problem IS NULL AND s.identity_record IS NOT NULL
  AND s.event_id NOT IN (SELECT event_id FROM identity_events)
QUALIFY row_number() OVER (PARTITION BY s.event_id ORDER BY f.file_id, s.record_index) = 1
