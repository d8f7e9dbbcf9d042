-- One page of a scope credential's calls, oldest first, after ($after_time, $after_id) when given:
-- the views page through a credential's calls instead of holding them (scope_calls(…),
-- credential-calls-macro.sql, defined first).
SELECT c.cred, c.event_id, strftime(c.event_time, '%Y-%m-%dT%H:%M:%SZ') AS event_time, c.event_source, c.event_name,
       c.recipient_account_id, c.aws_region, c.error_code, c.source_ip, c.user_agent, c.identity_access_key_id
FROM scope_calls($key_creds, $keys, $key_froms, $key_tos, $from, $to) c
WHERE $after_time::VARCHAR IS NULL OR (c.event_time, c.event_id) > ($after_time::TIMESTAMP, $after_id::VARCHAR)
ORDER BY c.event_time, c.event_id
LIMIT $limit
