-- Sessions seen signing calls under an ARN starting with $prefix (a role's sessions) and created
-- between $created_from and $created_to, from credential_contexts (migration 005): each principal id
-- and creation time, with its first call.
SELECT principal_id, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at, any_value(arn) AS arn,
       arg_min(first_event_id, (first_time, first_event_id)) AS first_event_id
FROM credential_contexts
WHERE starts_with(arn, $prefix) AND created_at BETWEEN $created_from::TIMESTAMP AND $created_to::TIMESTAMP
  AND principal_id IS NOT NULL
GROUP BY principal_id, created_at
ORDER BY created_at, principal_id
LIMIT 100
