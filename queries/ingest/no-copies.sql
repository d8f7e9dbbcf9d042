-- A batch none of whose eventIDs is held twice (staged-involved.sql found none): nothing to drop
-- or replace. The two tables with what insert-*.sql read of them; staged-dropped.sql and
-- replaced-events.sql make them whole when there are copies.
CREATE OR REPLACE TEMP TABLE staged_dropped (row_id BIGINT);
CREATE OR REPLACE TEMP TABLE replaced_events (used_row_id BIGINT, same_context BOOLEAN);
