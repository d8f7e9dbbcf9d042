-- Where and how credentials were used (src/trace/lookups.ts credentialUsage): the calls signed with
-- one of the keys $1, or carrying one of the sessions $2 ('principalId|yyyy-mm-ddThh:mm:ssZ',
-- console and Identity Center sessions sign with per-request keys, spec §3.7, §3.8), or made under
-- one of the session ARNs $3 by any credential. One row per credential (key, principal, creation
-- time, ARN) and context (source IP, user agent, VPC endpoint), with how many calls, the first and
-- last, and the first call's eventID. A copy of a cross-account call counts once per account that
-- logged it: the contexts are the same.
SELECT identity_access_key_id AS access_key_id, identity_principal_id AS principal_id,
       strftime(session_creation_date, '%Y-%m-%dT%H:%M:%SZ') AS created_at, identity_arn AS arn,
       source_ip, user_agent, vpc_endpoint_id,
       count(*)::BIGINT AS calls,
       strftime(min(event_time), '%Y-%m-%dT%H:%M:%SZ') AS first_time,
       strftime(max(event_time), '%Y-%m-%dT%H:%M:%SZ') AS last_time,
       arg_min(event_id, (event_time, event_id)) AS first_event_id
FROM events
WHERE list_contains($1::VARCHAR[], identity_access_key_id)
   OR list_contains($2::VARCHAR[], identity_principal_id || '|' || strftime(session_creation_date, '%Y-%m-%dT%H:%M:%SZ'))
   OR list_contains($3::VARCHAR[], identity_arn)
GROUP BY ALL
ORDER BY first_time, first_event_id
LIMIT 5000
