-- Sums the stored events of the staged batch (those insert-events.sql stored) into
-- credential_contexts (migration 005): one row per credential and context of the batch. A copy
-- that replaced a stored one of the same context and time (replaced-events.sql) is counted already.
INSERT INTO credential_contexts
SELECT s.identity_access_key_id, s.identity_principal_id, s.session_creation_date, s.identity_arn, s.identity_type,
       s.source_ip, s.user_agent, s.vpc_endpoint_id,
       count(*), min(s.event_time), max(s.event_time), arg_min(s.event_id, (s.event_time, s.event_id))
FROM staged s
ANTI JOIN staged_dropped d ON d.row_id = s.rowid
ANTI JOIN (SELECT used_row_id FROM replaced_events WHERE same_context) r ON r.used_row_id = s.rowid
WHERE s.problem IS NULL
GROUP BY s.identity_access_key_id, s.identity_principal_id, s.session_creation_date, s.identity_arn, s.identity_type,
         s.source_ip, s.user_agent, s.vpc_endpoint_id
