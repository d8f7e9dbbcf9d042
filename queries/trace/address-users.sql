-- Who called from the source IPs $1 (src/trace/lookups.ts addressUsers), from credential_contexts
-- (migration 005): each identity (type, ARN, principal, key) other than the session ARNs $2, with
-- its calls from that address and the first; at most 5 per address, most calls first.
WITH users AS (
  SELECT source_ip AS ip, identity_type, arn, principal_id, access_key_id, sum(calls)::BIGINT AS calls,
         strftime(min(first_time), '%Y-%m-%dT%H:%M:%SZ') AS first_time
  FROM credential_contexts
  WHERE source_ip = ANY($1::VARCHAR[])
    AND NOT coalesce(arn = ANY(coalesce($2::VARCHAR[], []::VARCHAR[])), false)
  GROUP BY source_ip, identity_type, arn, principal_id, access_key_id
)
SELECT * FROM users
QUALIFY row_number() OVER (PARTITION BY ip ORDER BY calls DESC, arn, access_key_id) <= 5
ORDER BY ip, calls DESC, arn, access_key_id
