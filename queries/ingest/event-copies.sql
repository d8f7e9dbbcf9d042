-- Records the copies the store does not use (migration 011 event_copies), in the batch's
-- transaction, before the replaced rows are deleted (delete-replaced.sql).
-- First, the copies recorded earlier of an eventID whose used copy the batch replaces: their
-- content is made relative to the new used copy (NULL meant "as the copy used until now").
UPDATE event_copies c
SET content = CASE WHEN copy_same(coalesce(c.content, r.content), r.used_content) THEN NULL
                   ELSE coalesce(c.content, r.content) END
FROM replaced_events r
WHERE c.id_hash = r.id_hash AND c.event_id = r.event_id;

-- Then every copy that is not used, of the batch or displaced from events: its content where it
-- differs from the used copy's, else NULL (a plain duplicate).
INSERT INTO event_copies
SELECT event_id, event_id_hash(event_id), file_id, record_index,
       CASE WHEN content IS NOT DISTINCT FROM used_content THEN NULL ELSE content END
FROM staged_copies
WHERE NOT used;
