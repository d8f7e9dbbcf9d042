-- Calls under the chain's session ARNs (or by the origin principal) made with other credentials
-- (chain_event_rows' other_credential, queries/store/chain-members-macro.sql; $key_actors–$named_ids as
-- report/chain-events.sql), one row per member and credential (key, session creation time): how
-- many calls, how many successful writes (src/trace/sensitive.ts isWriteCall), the first and last,
-- and the first source IPs and user agents with how many there are. Totals in SQL: a workload's
-- ARN can hold months of refreshes.
SELECT actor, identity_access_key_id AS access_key_id, session_creation_date AS created_at,
       count(*)::BIGINT AS calls,
       count(*) FILTER (WHERE coalesce(error_code, '') = ''
         AND NOT coalesce(read_only, regexp_matches(coalesce(event_name, ''), '^(Get|List|Describe|Head)')))::BIGINT AS writes,
       min(event_time) AS first_time, max(event_time) AS last_time,
       list_sort(list(DISTINCT source_ip))[1:3] AS ips, count(DISTINCT source_ip)::BIGINT AS ip_count,
       list_sort(list(DISTINCT user_agent))[1:2] AS user_agents, count(DISTINCT user_agent)::BIGINT AS user_agent_count
FROM chain_event_rows($key_actors::VARCHAR[], $keys::VARCHAR[], $session_actors::VARCHAR[], $sessions::VARCHAR[], $arn_actors::VARCHAR[], $arns::VARCHAR[],
                      $origin_principal::VARCHAR, $origin_type::VARCHAR, $origin_keyed::BOOLEAN, $ic_user::VARCHAR, $named_actors::VARCHAR[], $named_ids::VARCHAR[])
WHERE other_credential
GROUP BY actor, identity_access_key_id, session_creation_date
ORDER BY first_time, access_key_id
