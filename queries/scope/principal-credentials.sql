-- The credentials seen signing calls as principal $arn (an IAM user, root, a role session) or with
-- access key $key — whichever is not null — between $from and $to: each key, principal id and
-- creation time with its calls, first use and first call, from credential_contexts (migration 005).
SELECT access_key_id, principal_id, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at,
       any_value(arn) AS arn, any_value(identity_type) AS identity_type,
       sum(calls)::BIGINT AS calls, strftime(min(first_time), '%Y-%m-%dT%H:%M:%SZ') AS first_use,
       arg_min(first_event_id, (first_time, first_event_id)) AS first_event_id
FROM credential_contexts
WHERE (($arn::VARCHAR IS NOT NULL AND arn = $arn) OR ($key::VARCHAR IS NOT NULL AND access_key_id = $key))
  AND last_time >= $from::TIMESTAMP AND first_time <= $to::TIMESTAMP
GROUP BY access_key_id, principal_id, created_at
ORDER BY min(first_time), access_key_id
LIMIT 5000
