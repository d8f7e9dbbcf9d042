-- Where and how credentials were used (src/trace/lookups.ts credentialUsage), from
-- credential_contexts (migration 005): the calls signed with one of the keys $1, or carrying one
-- of the sessions (principal ids $2 with creation times $3 in step; console and Identity Center
-- sessions sign with per-request keys, spec §3.7, §3.8), or made under one of the session ARNs $4
-- by any credential. One row per credential (key, principal, creation time, ARN) and context
-- (source IP, user agent, VPC endpoint), with how many calls, the first and last, and the first
-- call's eventID. A copy of a cross-account call counts once per account that logged it: the
-- contexts are the same.
WITH sessions AS (
  SELECT unnest($2::VARCHAR[]) AS principal_id, unnest($3::VARCHAR[])::TIMESTAMP AS created_at
)
SELECT c.access_key_id, c.principal_id,
       strftime(c.created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at, c.arn,
       c.source_ip, c.user_agent, c.vpc_endpoint_id,
       sum(c.calls)::BIGINT AS calls,
       strftime(min(c.first_time), '%Y-%m-%dT%H:%M:%SZ') AS first_time,
       strftime(max(c.last_time), '%Y-%m-%dT%H:%M:%SZ') AS last_time,
       arg_min(c.first_event_id, (c.first_time, c.first_event_id)) AS first_event_id
FROM credential_contexts c
WHERE c.access_key_id = ANY(coalesce($1::VARCHAR[], []::VARCHAR[]))
   OR EXISTS (SELECT 1 FROM sessions s WHERE s.principal_id = c.principal_id AND s.created_at = c.created_at)
   OR c.arn = ANY(coalesce($4::VARCHAR[], []::VARCHAR[]))
GROUP BY c.access_key_id, c.principal_id, c.created_at, c.arn, c.source_ip, c.user_agent, c.vpc_endpoint_id
ORDER BY first_time, first_event_id
LIMIT 5000
