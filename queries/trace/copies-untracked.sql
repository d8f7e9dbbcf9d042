-- How many of the events $event_ids the store holds from files loaded before it compared copies of
-- an event (migration 011 copies_untracked): a trace resting on one says so.
WITH asked AS (
  SELECT DISTINCT unnest($event_ids::VARCHAR[]) AS event_id
)
SELECT count(DISTINCT e.event_id)::INTEGER AS n
FROM asked a
JOIN (SELECT id_hash, file_id FROM event_id_index UNION ALL SELECT id_hash, file_id FROM event_id_index_tail) i
  ON i.id_hash = event_id_hash(a.event_id)
JOIN events e ON e.file_id = i.file_id AND e.event_id = a.event_id
WHERE e.file_id <= (SELECT max(last_file_id) FROM copies_untracked)
