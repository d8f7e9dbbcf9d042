-- batch_records from the record lines a scan wrote ($paths: list of their paths; src/ingest/scan-file.ts
-- RecordLineWriter): one line per record, {"i": its index in the file, "r": its bytes verbatim},
-- parsed with the same declared type as a trail file's records (record-type.sql). Newline-delimited,
-- so DuckDB splits the work across threads and never holds a whole file's value.
WITH batch_records AS (
  SELECT f.file_id, f.local_path AS file_path, l.i AS record_index, l.r AS r
  FROM read_json($paths, filename = true, format = 'newline_delimited', maximum_object_size = __MAX_OBJECT_SIZE__,
    columns = {i: 'INTEGER', r: '__RECORD_TYPE__'}) l
  JOIN batch_files f ON f.lines_path = l.filename
), shaped AS (
  SELECT file_id, file_path, record_index, 'OBJECT' AS record_type, r.* FROM batch_records
)
