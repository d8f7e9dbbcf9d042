-- Defines the temporary table macros chain_members(…): the stored events made by the members of a
-- traced chain (src/trace/activity.ts chainMatch, bound by src/store/report-data.ts
-- chainMatchParams), with where each record was loaded from and ConsoleLogin's MFAUsed. The one
-- definition of chain membership: the report (queries/report/chain-events.sql) and the terminal
-- UI's timeline (queries/tui/chain-calls-macro.sql) read it.
--
-- An event belongs to the chain when it was signed with one of the keys `access_keys` (the
-- sessions' keys, the origin's long-term key); or made by a hop session named by principal id and
-- creation time, `principal_ids` and `created_ats` as parallel lists (console and Identity Center
-- sessions sign with keys the issuing call never showed, spec §3.7, §3.8); or made by the origin
-- principal `origin_principal` of identity type `origin_type` (an IAM user or root, under any
-- key); or made in the Identity Center portal for user id `ic_user` (onBehalfOf.userId, spec
-- §3.7); or named by the trace itself, `event_ids` (the target, issuing events and their copies,
-- the origin's event).
CREATE OR REPLACE TEMP MACRO chain_members(access_keys, principal_ids, created_ats, origin_principal, origin_type, ic_user, event_ids) AS TABLE
WITH sessions AS (
  SELECT unnest(principal_ids::VARCHAR[]) AS principal_id, unnest(created_ats::VARCHAR[])::TIMESTAMP AS created_at
), portal AS (
  SELECT event_id FROM identity_events
  WHERE ic_user::VARCHAR IS NOT NULL AND event_source = 'sso.amazonaws.com'
    AND json_extract_string(record, '$.userIdentity.onBehalfOf.userId') = ic_user::VARCHAR
)
SELECT e.*, f.source,
       json_extract_string(i.record, '$.additionalEventData.MFAUsed') AS mfa_used
FROM events e
JOIN source_files f USING (file_id)
LEFT JOIN identity_events i USING (event_id)
WHERE list_contains(access_keys::VARCHAR[], e.identity_access_key_id)
   OR EXISTS (SELECT 1 FROM sessions s
              WHERE s.principal_id = e.identity_principal_id AND s.created_at = e.session_creation_date)
   OR (origin_principal::VARCHAR IS NOT NULL AND e.identity_principal_id = origin_principal::VARCHAR
       AND e.identity_type = origin_type::VARCHAR)
   OR e.event_id IN (SELECT event_id FROM portal)
   OR list_contains(event_ids::VARCHAR[], e.event_id);

-- chain_event_rows(…): chain_members as the report and the terminal UI show them (the ChainEventRow
-- of src/store/report-data.ts), times as ISO 8601 UTC text, plus `event_at`, the time itself, to
-- order by.
CREATE OR REPLACE TEMP MACRO chain_event_rows(access_keys, principal_ids, created_ats, origin_principal, origin_type, ic_user, event_ids) AS TABLE
SELECT event_id,
       strftime(event_time, '%Y-%m-%dT%H:%M:%SZ') AS event_time,
       event_source, event_name, recipient_account_id, aws_region, error_code, read_only,
       source_ip, user_agent, shared_event_id, identity_type, identity_arn,
       identity_principal_id, identity_access_key_id,
       strftime(session_creation_date, '%Y-%m-%dT%H:%M:%SZ') AS session_creation_date,
       session_issuer_arn, issued_role_arn, mfa_used, source, record_index,
       event_time AS event_at
FROM chain_members(access_keys, principal_ids, created_ats, origin_principal, origin_type, ic_user, event_ids)
