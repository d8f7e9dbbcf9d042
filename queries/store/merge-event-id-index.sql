-- Merges event_id_index_tail into event_id_index in hash order (src/store/event-id-index.ts), by
-- writing the index anew: dropping a table frees its blocks at the next checkpoint, where deleting
-- its rows would leave them to a vacuum that bulk loads turn off. Columns as in migration 007.
CREATE OR REPLACE TEMP TABLE event_id_index_merged AS
SELECT id_hash, file_id FROM event_id_index
UNION ALL
SELECT id_hash, file_id FROM event_id_index_tail;

DROP TABLE event_id_index;

CREATE TABLE event_id_index (
  id_hash  UINTEGER NOT NULL,
  file_id  INTEGER NOT NULL
);

INSERT INTO event_id_index
SELECT id_hash, file_id FROM event_id_index_merged ORDER BY id_hash, file_id;

DELETE FROM event_id_index_tail;

DROP TABLE event_id_index_merged;
