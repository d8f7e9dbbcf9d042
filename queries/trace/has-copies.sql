-- Whether any other copy of the event $event_id is recorded (event_copies): a lookup by the hash, a
-- constant, so DuckDB skips most of the table. Asked before event-copies.sql, whose comparison of
-- copies takes DuckDB some 40 ms to plan even when there is nothing to compare (src/store/copies.ts).
SELECT EXISTS (SELECT 1 FROM event_copies c WHERE c.id_hash = event_id_hash($event_id) AND c.event_id = $event_id) AS has_copies
