-- What the store holds per account (recipientAccountId) and region: first and last event times
-- and the number of events; what a report's reader needs to know was examined.
SELECT recipient_account_id AS account_id, aws_region AS region,
       strftime(min(event_time), '%Y-%m-%dT%H:%M:%SZ') AS first_event,
       strftime(max(event_time), '%Y-%m-%dT%H:%M:%SZ') AS last_event,
       count(*)::BIGINT AS events
FROM events
GROUP BY recipient_account_id, aws_region
ORDER BY account_id NULLS LAST, region NULLS LAST
