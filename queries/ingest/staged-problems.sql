-- Counts the staged records that cannot be stored, by problem, with the first few positions.
SELECT problem, count(*)::INTEGER AS n,
       list({'file': file_path, 'index': record_index, 'eventId': event_id} ORDER BY file_path, record_index)[1:3] AS examples
FROM staged
WHERE problem IS NOT NULL
GROUP BY problem
ORDER BY problem
