-- The first and last event time in the store: a scope's window when the user gives none. (The
-- store's coverage also lists accounts and regions, which a scope does not need.)
SELECT strftime(min(event_time), '%Y-%m-%dT%H:%M:%SZ') AS first_event, strftime(max(event_time), '%Y-%m-%dT%H:%M:%SZ') AS last_event
FROM events
