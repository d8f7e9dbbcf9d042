-- Where and how credentials were used (src/trace/lookups.ts credentialUsage), from
-- credential_contexts (migration 005). Two kinds of rows:
-- - scope 'credential': every context of the credentials asked for, signed with one of the keys $keys
--   or carrying one of the sessions (principal ids $principal_ids with creation times $created_ats in step; console and
--   Identity Center sessions sign with per-request keys, spec §3.7, §3.8), one row per credential
--   (key, principal, creation time, ARN) and context (source IP, user agent, VPC endpoint);
-- - scope 'arn': every context under one of the session ARNs $arns, any credential, summed per ARN and
--   context (a workload's refreshes over months), the 20,000 with most calls per ARN.
-- Each row: how many calls, the first and last, and the first call's eventID.
WITH sessions AS (
  SELECT unnest($principal_ids::VARCHAR[]) AS principal_id, unnest($created_ats::VARCHAR[])::TIMESTAMP AS created_at
), own AS (
  -- IN (SELECT unnest(…)): DuckDB answers it from the key's index (migration 007).
  SELECT c.* FROM credential_contexts c WHERE c.access_key_id IN (SELECT unnest($keys::VARCHAR[]))
  UNION ALL
  SELECT c.* FROM credential_contexts c JOIN sessions s ON s.principal_id = c.principal_id AND s.created_at = c.created_at
  WHERE NOT coalesce(list_contains($keys::VARCHAR[], c.access_key_id), false)
), by_arn AS (
  SELECT 'arn' AS scope, NULL::VARCHAR AS access_key_id, NULL::VARCHAR AS principal_id, NULL::TIMESTAMP AS created_at, arn,
         source_ip, user_agent, vpc_endpoint_id, sum(calls)::BIGINT AS calls, min(first_time) AS first_time,
         max(last_time) AS last_time, arg_min(first_event_id, (first_time, first_event_id)) AS first_event_id
  FROM credential_contexts
  WHERE list_contains($arns::VARCHAR[], arn)
  GROUP BY arn, source_ip, user_agent, vpc_endpoint_id
  QUALIFY row_number() OVER (PARTITION BY arn ORDER BY sum(calls) DESC, min(first_time)) <= 20000
), rows AS (
  SELECT 'credential' AS scope, access_key_id, principal_id, created_at, arn, source_ip, user_agent, vpc_endpoint_id,
         sum(calls)::BIGINT AS calls, min(first_time) AS first_time, max(last_time) AS last_time,
         arg_min(first_event_id, (first_time, first_event_id)) AS first_event_id
  FROM own
  GROUP BY access_key_id, principal_id, created_at, arn, source_ip, user_agent, vpc_endpoint_id
  UNION ALL
  SELECT * FROM by_arn
)
SELECT scope, access_key_id, principal_id, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at, arn,
       source_ip, user_agent, vpc_endpoint_id, calls,
       strftime(first_time, '%Y-%m-%dT%H:%M:%SZ') AS first_time, strftime(last_time, '%Y-%m-%dT%H:%M:%SZ') AS last_time,
       first_event_id
FROM rows
ORDER BY first_time, first_event_id
