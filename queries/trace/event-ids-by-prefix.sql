-- Up to 6 stored eventIDs that start with $prefix (a prefix the user typed, as git takes a commit's):
-- one means that event, several an ambiguous prefix.
SELECT DISTINCT event_id FROM events WHERE starts_with(event_id, $prefix) ORDER BY event_id LIMIT 6
