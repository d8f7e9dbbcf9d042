-- What each credential of a scope did (src/trace/scope.ts activity): calls, failures, first and last
-- call, accounts, regions, source IPs and user agents (the 20 with most calls), from
-- scope_calls(…) (credential-calls-macro.sql, defined first). Summed in DuckDB: a key with a
-- hundred thousand calls is a few rows here.
WITH calls AS (
  SELECT * FROM scope_calls($key_creds, $keys, $key_froms, $key_tos, $from, $to)
), ips AS (
  SELECT cred, list(source_ip ORDER BY n DESC, source_ip) AS ips
  FROM (SELECT cred, source_ip, count(*) AS n FROM calls WHERE source_ip IS NOT NULL GROUP BY cred, source_ip
        QUALIFY row_number() OVER (PARTITION BY cred ORDER BY count(*) DESC, source_ip) <= 20)
  GROUP BY cred
), agents AS (
  SELECT cred, list(user_agent ORDER BY n DESC, user_agent) AS user_agents
  FROM (SELECT cred, user_agent, count(*) AS n FROM calls WHERE user_agent IS NOT NULL GROUP BY cred, user_agent
        QUALIFY row_number() OVER (PARTITION BY cred ORDER BY count(*) DESC, user_agent) <= 20)
  GROUP BY cred
)
SELECT c.cred,
       count(*) AS calls,
       count(*) FILTER (WHERE c.error_code IS NOT NULL) AS failed,
       strftime(min(c.event_time), '%Y-%m-%dT%H:%M:%SZ') AS first_use,
       strftime(max(c.event_time), '%Y-%m-%dT%H:%M:%SZ') AS last_use,
       arg_min(c.event_id, (c.event_time, c.event_id)) AS first_event_id,
       list_sort(list(DISTINCT c.recipient_account_id) FILTER (WHERE c.recipient_account_id IS NOT NULL)) AS accounts,
       list_sort(list(DISTINCT c.aws_region) FILTER (WHERE c.aws_region IS NOT NULL)) AS regions,
       any_value(c.identity_arn) FILTER (WHERE c.identity_arn IS NOT NULL) AS arn,
       any_value(c.identity_account_id) FILTER (WHERE c.identity_account_id IS NOT NULL) AS account_id,
       any_value(c.identity_principal_id) FILTER (WHERE c.identity_principal_id IS NOT NULL) AS principal_id,
       list_sort(list(DISTINCT c.identity_access_key_id) FILTER (WHERE c.identity_access_key_id IS NOT NULL))[1:50] AS access_key_ids,
       any_value(i.ips) AS ips,
       any_value(a.user_agents) AS user_agents
FROM calls c
LEFT JOIN ips i USING (cred)
LEFT JOIN agents a USING (cred)
GROUP BY c.cred
