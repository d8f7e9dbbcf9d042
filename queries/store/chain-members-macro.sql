-- Defines the temporary table macros chain_members(…): the stored events made by the members of a
-- traced chain, each attributed to the member whose credential made it (src/trace/activity.ts
-- chainMatch, bound by src/store/report-data.ts chainMatchParams), with where each record was
-- loaded from and ConsoleLogin's MFAUsed. The one definition of which calls a member made: the
-- report (queries/report/chain-events.sql) and the terminal UI's timeline
-- (queries/tui/chain-calls-macro.sql) read it.
--
-- A member is a credential, not an ARN. An event is the member's own (`actor`, `other_credential`
-- false) when it was signed with the member's key (`keys`, with `key_actors` in step), or, for a
-- session that signs with per-request keys (console and Identity Center sessions, spec §3.7,
-- §3.8), when it carries the session's principal id and creation time (`sessions`, text
-- 'principalId|yyyy-mm-ddThh:mm:ssZ', with `session_actors`). Then, in this order: an event the
-- trace names (`named_ids` with `named_actors`, '' for none: the target, issuing events and their copies, the
-- origin's event); an Identity Center portal event for user id `ic_user` (onBehalfOf.userId,
-- spec §3.7), the origin's; an event of the origin principal `origin_principal` of identity type
-- `origin_type` (an IAM user or root), the origin's own unless `origin_keyed` (the origin is one
-- long-term key, and this is another key or a console session of the same principal); an event
-- under a member's session ARN (`arns` with `arn_actors`) by another credential (EC2 and Lambda
-- refresh credentials under one ARN; session names are reused), marked `other_credential` (an
-- event under the ARN that names no key and no creation time is not attributed).
CREATE OR REPLACE TEMP MACRO chain_members(key_actors, keys, session_actors, sessions, arn_actors, arns,
                                           origin_principal, origin_type, origin_keyed, ic_user, named_actors, named_ids) AS TABLE
WITH portal AS (
  SELECT event_id FROM identity_events
  WHERE ic_user::VARCHAR IS NOT NULL AND event_source = 'sso.amazonaws.com'
    AND json_extract_string(record, '$.userIdentity.onBehalfOf.userId') = ic_user::VARCHAR
), session_list AS (
  SELECT unnest(session_actors::VARCHAR[]) AS actor, unnest(sessions::VARCHAR[]) AS session
), session_keys AS (
  -- Parsed once, joined on typed columns: no text built from every event.
  SELECT actor, split_part(session, '|', 1) AS principal_id, strptime(split_part(session, '|', 2), '%Y-%m-%dT%H:%M:%SZ') AS created_at
  FROM session_list
), placed AS (
  SELECT e.*,
         list_position(keys::VARCHAR[], e.identity_access_key_id) AS key_at,
         s.actor AS session_actor,
         list_position(named_ids::VARCHAR[], e.event_id) AS named_at,
         e.event_id IN (SELECT event_id FROM portal) AS in_portal,
         origin_principal::VARCHAR IS NOT NULL AND e.identity_principal_id = origin_principal::VARCHAR
           AND e.identity_type = origin_type::VARCHAR AS by_origin,
         -- A call that names no credential (a sign-in record) cannot be said to be another's.
         CASE WHEN e.identity_access_key_id IS NOT NULL OR e.session_creation_date IS NOT NULL
              THEN list_position(arns::VARCHAR[], e.identity_arn) END AS arn_at
  FROM events e
  LEFT JOIN session_keys s ON s.principal_id = e.identity_principal_id AND s.created_at = e.session_creation_date
), attributed AS (
  SELECT *,
         CASE WHEN key_at IS NOT NULL THEN (key_actors::VARCHAR[])[key_at]
              WHEN session_actor IS NOT NULL THEN session_actor
              WHEN named_at IS NOT NULL THEN nullif((named_actors::VARCHAR[])[named_at], '')
              WHEN in_portal OR by_origin THEN 'origin'
              WHEN arn_at IS NOT NULL THEN (arn_actors::VARCHAR[])[arn_at]
         END AS actor,
         key_at IS NULL AND session_actor IS NULL AND named_at IS NULL AND NOT in_portal
           AND ((by_origin AND coalesce(origin_keyed::BOOLEAN, false)) OR (NOT by_origin AND arn_at IS NOT NULL)) AS other_credential
  FROM placed
  WHERE key_at IS NOT NULL OR session_actor IS NOT NULL OR named_at IS NOT NULL OR in_portal OR by_origin OR arn_at IS NOT NULL
)
SELECT a.* EXCLUDE (key_at, session_actor, named_at, in_portal, by_origin, arn_at), f.source,
       json_extract_string(i.record, '$.additionalEventData.MFAUsed') AS mfa_used
FROM attributed a
JOIN source_files f USING (file_id)
LEFT JOIN identity_events i USING (event_id);

-- chain_event_rows(…): chain_members as the report and the terminal UI show them (the ChainEventRow
-- of src/store/report-data.ts), times as ISO 8601 UTC text, plus `event_at`, the time itself, to
-- order by.
CREATE OR REPLACE TEMP MACRO chain_event_rows(key_actors, keys, session_actors, sessions, arn_actors, arns,
                                              origin_principal, origin_type, origin_keyed, ic_user, named_actors, named_ids) AS TABLE
SELECT event_id,
       strftime(event_time, '%Y-%m-%dT%H:%M:%SZ') AS event_time,
       event_source, event_name, recipient_account_id, aws_region, error_code, read_only,
       source_ip, user_agent, shared_event_id, identity_type, identity_arn,
       identity_principal_id, identity_access_key_id,
       strftime(session_creation_date, '%Y-%m-%dT%H:%M:%SZ') AS session_creation_date,
       session_issuer_arn, issued_role_arn, mfa_used, source, record_index, actor, other_credential,
       event_time AS event_at
FROM chain_members(key_actors, keys, session_actors, sessions, arn_actors, arns,
                   origin_principal, origin_type, origin_keyed, ic_user, named_actors, named_ids)
