-- Deletes the rows of the copies the batch replaces (replaced-events.sql) from events and the
-- tables beside it; the inserts that follow store the batch's copy in their place. An eventID
-- index row (hash, file) goes only when no other stored event of that file has the same hash.
DELETE FROM events e USING replaced_events r
WHERE e.file_id = r.file_id AND e.record_index = r.record_index AND e.event_id = r.event_id;

DELETE FROM identity_events i USING replaced_events r
WHERE i.file_id = r.file_id AND i.record_index = r.record_index AND i.event_id = r.event_id;

DELETE FROM iam_credential_events c USING replaced_events r
WHERE c.file_id = r.file_id AND c.record_index = r.record_index AND c.event_id = r.event_id;

DELETE FROM event_id_index x USING replaced_events r
WHERE x.id_hash = r.id_hash AND x.file_id = r.file_id
  AND NOT EXISTS (SELECT 1 FROM events e WHERE e.file_id = r.file_id AND event_id_hash(e.event_id) = r.id_hash);

DELETE FROM event_id_index_tail x USING replaced_events r
WHERE x.id_hash = r.id_hash AND x.file_id = r.file_id
  AND NOT EXISTS (SELECT 1 FROM events e WHERE e.file_id = r.file_id AND event_id_hash(e.event_id) = r.id_hash);
