-- The accounts and regions of the events with eventIDs $1 (a trace's records).
SELECT DISTINCT recipient_account_id AS account_id, aws_region AS region
FROM events
WHERE list_contains($1::VARCHAR[], event_id)
