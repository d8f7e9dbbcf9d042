-- The access keys seen signing calls as one of the principals $principal_ids in sessions created
-- between $created_froms and $created_tos (lists in step), from credential_contexts (migration 005):
-- console, SwitchRole, Identity Center and agent sessions sign requests with other keys than the
-- one they were issued (spec §3.7, §3.8). Each key with its principal, session creation time,
-- identity type and first call; the walk keeps those the backward rules give to the credential
-- (src/trace/scope.ts). One lookup for a whole level of the scope.
WITH wanted AS (
  SELECT unnest($principal_ids::VARCHAR[]) AS principal_id,
         unnest($created_froms::VARCHAR[])::TIMESTAMP AS created_from,
         unnest($created_tos::VARCHAR[])::TIMESTAMP AS created_to
)
SELECT c.principal_id, c.access_key_id, strftime(c.created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at,
       any_value(c.identity_type) AS identity_type, arg_min(c.first_event_id, (c.first_time, c.first_event_id)) AS first_event_id
FROM credential_contexts c
SEMI JOIN wanted w ON w.principal_id = c.principal_id AND c.created_at BETWEEN w.created_from AND w.created_to
WHERE c.access_key_id IS NOT NULL
GROUP BY c.principal_id, c.access_key_id, c.created_at
ORDER BY min(c.first_time), c.access_key_id
LIMIT 5000
