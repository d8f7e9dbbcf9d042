-- Which valid staged rows must not be stored (spec §4.8 #4): another copy of their eventID, stored
-- or in the batch, goes first (staged-copies.sql). They are recorded in event_copies instead
-- (event-copies.sql). Keys only: the wide rows are read once, by the inserts that follow.
CREATE OR REPLACE TEMP TABLE staged_dropped AS
SELECT row_id FROM staged_copies WHERE row_id IS NOT NULL AND NOT used
