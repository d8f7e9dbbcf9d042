-- Copies the STS / sign-in / Identity Center events stored by insert-events.sql into
-- identity_events, with the working copy of their record and who made them (migration 009).
INSERT INTO identity_events BY NAME
SELECT s.event_id, s.event_time, s.event_source, s.event_name, s.identity_arn, s.shared_event_id,
       s.issued_access_key_id, s.issued_principal_id, s.issued_arn, s.issued_target_principal,
       s.file_id, s.record_index, s.identity_record AS record,
       s.identity_access_key_id, s.identity_principal_id, s.session_creation_date
FROM staged s
ANTI JOIN staged_dropped d ON d.row_id = s.rowid
WHERE s.problem IS NULL AND s.identity_record IS NOT NULL
