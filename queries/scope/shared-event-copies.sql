-- The eventIDs of the stored copies of the STS calls with one of the sharedEventIDs
-- $shared_event_ids (a cross-account call is logged in both accounts, spec §4.6), from
-- identity_events: what a level of the scope's issuing calls names as their copies, in one lookup
-- that reads no record.
SELECT shared_event_id, list(event_id ORDER BY event_time, event_id) AS event_ids
FROM identity_events
WHERE shared_event_id IN (SELECT unnest($shared_event_ids::VARCHAR[]))
GROUP BY shared_event_id
