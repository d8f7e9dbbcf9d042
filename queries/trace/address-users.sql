-- Who called from the source IPs $1 (src/trace/lookups.ts addressUsers): each identity (type, ARN,
-- principal, key) other than the session ARNs $2, with its calls from that address and the first;
-- at most 5 per address, most calls first.
WITH users AS (
  SELECT source_ip AS ip, identity_type, identity_arn AS arn, identity_principal_id AS principal_id,
         identity_access_key_id AS access_key_id, count(*)::BIGINT AS calls,
         strftime(min(event_time), '%Y-%m-%dT%H:%M:%SZ') AS first_time
  FROM events
  WHERE list_contains($1::VARCHAR[], source_ip)
    AND NOT coalesce(list_contains($2::VARCHAR[], identity_arn), false)
  GROUP BY source_ip, identity_type, identity_arn, identity_principal_id, identity_access_key_id
)
SELECT * FROM users
QUALIFY row_number() OVER (PARTITION BY ip ORDER BY calls DESC, arn, access_key_id) <= 5
ORDER BY ip, calls DESC, arn, access_key_id
