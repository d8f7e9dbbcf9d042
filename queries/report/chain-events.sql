-- Events made by the members of a traced chain (src/trace/activity.ts chainMatch), oldest first,
-- with where each record was loaded from. An event belongs to the chain when it was signed with
-- one of the keys in $1 (the sessions' keys, the origin's long-term key); or made by a hop session
-- named by principal id and creation time, $2 and $3 as parallel lists (console and Identity
-- Center sessions sign with keys the issuing call never showed, spec §3.7, §3.8); or made by the
-- origin principal $4 of identity type $5 (an IAM user or root, under any key); or made in the
-- Identity Center portal for user id $6 (onBehalfOf.userId, spec §3.7); or named by the trace
-- itself, eventIDs $7 (the target, issuing events and their copies, the origin's event).
WITH sessions AS (
  SELECT unnest($2::VARCHAR[]) AS principal_id, unnest($3::VARCHAR[])::TIMESTAMP AS created_at
), portal AS (
  SELECT event_id FROM identity_events
  WHERE $6::VARCHAR IS NOT NULL AND event_source = 'sso.amazonaws.com'
    AND json_extract_string(record, '$.userIdentity.onBehalfOf.userId') = $6::VARCHAR
)
SELECT e.event_id,
       strftime(e.event_time, '%Y-%m-%dT%H:%M:%SZ') AS event_time,
       e.event_source, e.event_name, e.recipient_account_id, e.aws_region, e.error_code, e.read_only,
       e.source_ip, e.user_agent, e.shared_event_id, e.identity_type, e.identity_arn,
       e.identity_principal_id, e.identity_access_key_id,
       strftime(e.session_creation_date, '%Y-%m-%dT%H:%M:%SZ') AS session_creation_date,
       e.session_issuer_arn, e.issued_role_arn,
       json_extract_string(i.record, '$.additionalEventData.MFAUsed') AS mfa_used,
       f.source, e.record_index
FROM events e
JOIN source_files f USING (file_id)
LEFT JOIN identity_events i USING (event_id)
WHERE list_contains($1::VARCHAR[], e.identity_access_key_id)
   OR EXISTS (SELECT 1 FROM sessions s
              WHERE s.principal_id = e.identity_principal_id AND s.created_at = e.session_creation_date)
   OR ($4::VARCHAR IS NOT NULL AND e.identity_principal_id = $4::VARCHAR AND e.identity_type = $5::VARCHAR)
   OR e.event_id IN (SELECT event_id FROM portal)
   OR list_contains($7::VARCHAR[], e.event_id)
ORDER BY e.event_time, e.event_id
