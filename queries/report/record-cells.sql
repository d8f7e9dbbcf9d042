-- The accounts and regions of the events with eventIDs $event_ids (a trace's records).
SELECT DISTINCT recipient_account_id AS account_id, aws_region AS region
FROM events
WHERE list_contains($event_ids::VARCHAR[], event_id)
