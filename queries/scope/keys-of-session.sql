-- The access keys seen signing calls as principal $principal_id in sessions created between
-- $created_from and $created_to, from credential_contexts (migration 005): console, SwitchRole and
-- Identity Center sessions sign each request with another key (spec §3.7, §3.8). Each key with its
-- session's creation time, identity type and first call; the walk keeps those the backward rules
-- give to the credential (src/trace/scope.ts).
SELECT access_key_id, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at, any_value(identity_type) AS identity_type,
       arg_min(first_event_id, (first_time, first_event_id)) AS first_event_id
FROM credential_contexts
WHERE principal_id = $principal_id AND created_at BETWEEN $created_from::TIMESTAMP AND $created_to::TIMESTAMP
  AND access_key_id IS NOT NULL
GROUP BY access_key_id, created_at
ORDER BY min(first_time), access_key_id
LIMIT 500
