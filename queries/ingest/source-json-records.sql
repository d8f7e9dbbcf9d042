-- batch_records from `{"Records":[…]}` files read by DuckDB itself ($paths: list of paths).
-- The container's type is declared, so DuckDB parses straight into columns: top-level scalars as
-- text, nested objects as JSON (schema inference fails on real logs, and extracting from whole
-- records costs 2-3× the time: DESIGN.md). The verbatim record stays in the kept file.
-- Each file's id is joined once per file (batch_files), not once per record by every insert.
WITH batch_records AS (
  SELECT f.file_id, f.local_path AS file_path,
         unnest(generate_series(0, len(j.Records) - 1))::INTEGER AS record_index,
         unnest(j.Records) AS r
  FROM read_json($paths, filename = true, format = 'unstructured', maximum_object_size = __MAX_OBJECT_SIZE__,
    columns = {Records: '__RECORD_TYPE__[]'}) j
  JOIN batch_files f ON f.local_path = j.filename
), shaped AS (
  SELECT file_id, file_path, record_index, 'OBJECT' AS record_type, r.* FROM batch_records
)
