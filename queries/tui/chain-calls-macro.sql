-- Defines the temporary table macro tui_chain_calls(…): the logical calls made by some members of
-- a traced chain, one row per call, for the terminal UI's timeline (queries/tui/timeline-*.sql).
--
-- Membership is the one of queries/report/chain-events.sql, with the parameters of
-- src/trace/activity.ts chainMatch (or of one member, src/tui/members.ts): signed with one of the
-- keys `access_keys`; made by a hop session named by principal id and creation time
-- (`principal_ids`, `created_ats`: parallel lists; spec §3.7, §3.8); made by the origin principal
-- `origin_principal` of identity type `origin_type` (an IAM user or root); made in the Identity
-- Center portal for user id `ic_user` (spec §3.7); or named by the trace, `event_ids`.
-- test/tui/data.test.ts checks that both give the same events for every fixture scenario.
--
-- Copies of one call logged in several accounts (same sharedEventID, spec §4.6) are folded as
-- src/trace/activity.ts collapseCopies does: the copy shown is the first, in time order, that
-- names the caller's access key, else the first; the call sorts by its earliest copy. Each row
-- carries the eventIDs of all its copies (`call_ids`) and `call_order`, the sort key.
--
-- `search_hit`: the text `search` (NULL: no search) is found, ignoring case, in the name, service,
-- ids, ARNs, IP, user agent, error, account or region of any copy of the call (the role owner's
-- copy names the role's account, the caller's copy the caller).
CREATE OR REPLACE TEMP MACRO tui_chain_calls(access_keys, principal_ids, created_ats, origin_principal, origin_type, ic_user, event_ids, search) AS TABLE
WITH sessions AS (
  SELECT unnest(principal_ids::VARCHAR[]) AS principal_id, unnest(created_ats::VARCHAR[])::TIMESTAMP AS created_at
), portal AS (
  SELECT event_id FROM identity_events
  WHERE ic_user::VARCHAR IS NOT NULL AND event_source = 'sso.amazonaws.com'
    AND json_extract_string(record, '$.userIdentity.onBehalfOf.userId') = ic_user::VARCHAR
), chain AS (
  SELECT e.*, f.source,
         json_extract_string(i.record, '$.additionalEventData.MFAUsed') AS mfa_used,
         strftime(e.event_time, '%Y-%m-%dT%H:%M:%S.%f') || ' ' || e.event_id AS event_order,
         search::VARCHAR IS NULL OR contains(lower(concat_ws(' ', e.event_name, e.event_source, e.event_id,
           e.identity_arn, e.identity_principal_id, e.identity_access_key_id, e.source_ip, e.user_agent,
           e.error_code, e.recipient_account_id, e.aws_region, e.issued_role_arn)), lower(search::VARCHAR)) AS copy_hit
  FROM events e
  JOIN source_files f USING (file_id)
  LEFT JOIN identity_events i USING (event_id)
  WHERE list_contains(access_keys::VARCHAR[], e.identity_access_key_id)
     OR EXISTS (SELECT 1 FROM sessions s
                WHERE s.principal_id = e.identity_principal_id AND s.created_at = e.session_creation_date)
     OR (origin_principal::VARCHAR IS NOT NULL AND e.identity_principal_id = origin_principal::VARCHAR
         AND e.identity_type = origin_type::VARCHAR)
     OR e.event_id IN (SELECT event_id FROM portal)
     OR list_contains(event_ids::VARCHAR[], e.event_id)
), shared AS (
  -- Only calls logged in several accounts carry a sharedEventID; every other event is a call alone.
  SELECT min(event_order) AS call_order,
         list_sort(list(event_id)) AS call_ids,
         -- The copy shown: the first that names an access key, else the first.
         arg_min(event_id, (CASE WHEN coalesce(identity_access_key_id, '') = '' THEN '1 ' ELSE '0 ' END) || event_order) AS shown_id,
         bool_or(copy_hit) AS search_hit
  FROM chain
  WHERE coalesce(shared_event_id, '') <> ''
  GROUP BY shared_event_id
)
SELECT chain.*, event_order AS call_order, [event_id] AS call_ids, copy_hit AS search_hit
FROM chain
WHERE coalesce(shared_event_id, '') = ''
UNION ALL
SELECT chain.*, shared.call_order, shared.call_ids, shared.search_hit
FROM shared
JOIN chain ON chain.event_id = shared.shown_id
