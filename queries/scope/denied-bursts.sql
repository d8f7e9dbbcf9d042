-- Refused calls in bursts: per scope credential and minute, the calls refused for want of permission
-- (AccessDenied, UnauthorizedOperation and their variants), where a minute holds $min_calls or more;
-- an attacker probing what a stolen credential may do leaves these. From scope_calls(…).
SELECT cred,
       strftime(min(event_time), '%Y-%m-%dT%H:%M:%SZ') AS first_time,
       strftime(max(event_time), '%Y-%m-%dT%H:%M:%SZ') AS last_time,
       count(*) AS calls,
       list_sort(list(DISTINCT replace(event_source, '.amazonaws.com', '') || ':' || event_name))[1:10] AS actions
FROM scope_calls($key_creds, $keys, $key_froms, $key_tos, $from, $to)
WHERE error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%' OR error_code ILIKE '%Forbidden%'
GROUP BY cred, date_trunc('minute', event_time)
HAVING count(*) >= $min_calls
ORDER BY cred, first_time
