-- The copies that differ from the copy the store uses and that this batch brought to light (run
-- after event-copies.sql): a copy of the batch that is not used; a copy the store used until now
-- that the batch's copy replaces; and, when that changes what traces read of the event (the two
-- differ), every other copy that differs from the new one. The same pair of copies gives the same
-- row whichever was loaded first: where the copy not used was loaded from, and where the one used
-- was. Returns their count and the first few (by where the copy was loaded from), with the fields
-- that differ.
WITH used AS (
  SELECT event_id, used_source, used_index, used_content
  FROM staged_copies
  WHERE used
), found AS (
  SELECT c.event_id, coalesce(b.source, f.source) AS source, c.record_index, u.used_source, u.used_index,
         copy_differences(c.content, u.used_content) AS differences
  FROM event_copies c
  JOIN used u ON c.id_hash = event_id_hash(u.event_id) AND c.event_id = u.event_id
  LEFT JOIN batch_files b ON b.file_id = c.file_id
  LEFT JOIN source_files f ON f.file_id = c.file_id
  LEFT JOIN replaced_events r ON r.event_id = c.event_id
  WHERE c.content IS NOT NULL
    AND (b.file_id IS NOT NULL
         OR (c.file_id = r.file_id AND c.record_index = r.record_index)
         OR NOT copy_same(r.content, r.used_content))
), conflicting AS (
  SELECT * FROM found WHERE len(differences) > 0
)
SELECT count(*)::INTEGER AS n,
       list({'source': source, 'index': record_index, 'eventId': event_id, 'usedSource': used_source,
             'usedIndex': used_index, 'differences': differences}
            ORDER BY source, record_index, event_id)[1:3] AS examples
FROM conflicting
