-- Each scope credential's calls by service and action, most first (the 15 most per credential),
-- with how many failed, from scope_calls(…) (credential-calls-macro.sql, defined first).
SELECT cred, event_source, event_name, count(*) AS calls, count(*) FILTER (WHERE error_code IS NOT NULL) AS failed
FROM scope_calls($key_creds, $keys, $key_froms, $key_tos, $from, $to)
GROUP BY cred, event_source, event_name
QUALIFY row_number() OVER (PARTITION BY cred ORDER BY count(*) DESC, event_source, event_name) <= 15
ORDER BY cred, calls DESC, event_source, event_name
