-- Moves the valid rows of the staged batch into events, skipping eventIDs already stored and
-- keeping the first copy of an eventID delivered twice in the same batch (spec §4.8 #4).
-- Returns nothing; the caller compares counts before and after.
INSERT INTO events
SELECT s.event_id, s.event_time, s.event_source, s.event_name, s.event_type, s.aws_region,
       s.recipient_account_id, s.error_code, s.read_only, s.source_ip, s.user_agent,
       s.shared_event_id, s.request_id, s.identity_type, s.identity_arn, s.identity_principal_id,
       s.identity_account_id, s.identity_access_key_id, s.identity_user_name, s.identity_invoked_by,
       s.session_issuer_arn, s.session_creation_date, s.issued_access_key_id, s.issued_principal_id,
       s.issued_arn, s.issued_expiration, s.issued_role_arn, s.issued_target_principal,
       f.file_id, s.record_index
FROM staged s
JOIN batch_files f ON f.local_path = s.file_path
WHERE s.problem IS NULL
  AND s.event_id NOT IN (SELECT event_id FROM events)
QUALIFY row_number() OVER (PARTITION BY s.event_id ORDER BY f.file_id, s.record_index) = 1
