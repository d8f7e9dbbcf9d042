-- batch_records from records parsed in Node (NDJSON, lookup-events output, API pages),
-- appended to the temp table staged_records first.
WITH batch_records AS (
  SELECT file_path, record_index, record::JSON AS record FROM staged_records
)
