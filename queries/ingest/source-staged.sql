-- batch_records from records parsed in Node (NDJSON, lookup-events output, API pages),
-- appended to the temp table staged_records first.
WITH batch_records AS (
  SELECT f.file_id, s.file_path, s.record_index, s.record::JSON AS record
  FROM staged_records s JOIN batch_files f ON f.local_path = s.file_path
)
