-- What the store holds: accounts, regions, time range and event count.
SELECT list(DISTINCT recipient_account_id ORDER BY recipient_account_id) FILTER (WHERE recipient_account_id IS NOT NULL) AS accounts,
       list(DISTINCT aws_region ORDER BY aws_region) FILTER (WHERE aws_region IS NOT NULL) AS regions,
       strftime(min(event_time), '%Y-%m-%dT%H:%M:%SZ') AS first_event,
       strftime(max(event_time), '%Y-%m-%dT%H:%M:%SZ') AS last_event,
       count(*)::BIGINT AS events
FROM events
