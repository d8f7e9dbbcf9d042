-- Defines the temporary table macro tui_chain_calls(…): the logical calls made by some members of
-- a traced chain, one row per call, for the terminal UI's timeline (queries/tui/timeline-*.sql).
--
-- Membership and columns are chain_event_rows (queries/store/chain-members-macro.sql, defined first), with the
-- parameters of src/trace/activity.ts chainMatch, or of one member (memberOnly).
--
-- Copies of one call logged in several accounts (same sharedEventID, spec §4.6) are folded as
-- src/trace/activity.ts collapseCopies does: the copy shown is the first, in time order, that
-- names the caller's access key, else the first; the call sorts by its earliest copy. Each row
-- carries the eventIDs of all its copies (`call_ids`) and `call_order`, the sort key.
--
-- `search_hit`: the text `search` (NULL: no search) is found, ignoring case, in the name, service,
-- ids, ARNs, IP, user agent, error, account or region of any copy of the call (the role owner's
-- copy names the role's account, the caller's copy the caller).
CREATE OR REPLACE TEMP MACRO tui_chain_calls(key_actors, keys, session_actors, sessions, arn_actors, arns,
                                            origin_principal, origin_type, origin_keyed, ic_user, named_actors, named_ids, search) AS TABLE
WITH chain AS (
  SELECT m.*,
         strftime(m.event_at, '%Y-%m-%dT%H:%M:%S.%f') || ' ' || m.event_id AS event_order,
         search::VARCHAR IS NULL OR contains(lower(concat_ws(' ', m.event_name, m.event_source, m.event_id,
           m.identity_arn, m.identity_principal_id, m.identity_access_key_id, m.source_ip, m.user_agent,
           m.error_code, m.recipient_account_id, m.aws_region, m.issued_role_arn)), lower(search::VARCHAR)) AS copy_hit
  FROM chain_event_rows(key_actors, keys, session_actors, sessions, arn_actors, arns,
                        origin_principal, origin_type, origin_keyed, ic_user, named_actors, named_ids) m
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
