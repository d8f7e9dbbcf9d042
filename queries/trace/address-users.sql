-- The people who called from the source IPs $ips (src/trace/lookups.ts addressUsers), from
-- credential_contexts (migration 005): IAM users, root, Identity Center and SAML users, and
-- Identity Center role sessions (AWSReservedSSO_), other than under the session ARNs $except_arns, each with
-- its calls from that address and the first; at most 5 per address, most calls first. Workloads
-- and services are left out before the cut, so a busy address cannot push a person out.
WITH users AS (
  SELECT source_ip AS ip, identity_type, arn, principal_id, access_key_id, sum(calls)::BIGINT AS calls,
         strftime(min(first_time), '%Y-%m-%dT%H:%M:%SZ') AS first_time
  FROM credential_contexts
  WHERE list_contains($ips::VARCHAR[], source_ip)
    AND NOT coalesce(list_contains($except_arns::VARCHAR[], arn), false)
    AND (identity_type IN ('IAMUser', 'Root', 'IdentityCenterUser', 'SAMLUser') OR contains(coalesce(arn, ''), '/AWSReservedSSO_'))
  GROUP BY source_ip, identity_type, arn, principal_id, access_key_id
)
SELECT * FROM users
QUALIFY row_number() OVER (PARTITION BY ip ORDER BY calls DESC, arn, access_key_id) <= 5
ORDER BY ip, calls DESC, arn, access_key_id
