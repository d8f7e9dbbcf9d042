-- Records the batch's files as loaded, with how many records each held. A file that holds no
-- CloudTrail event is left out ($keep_empty false: files and objects), so a later run, or a later
-- version that reads it, loads it; an API window without events ($keep_empty true) is kept.
-- (The staged records are counted once per file, in one pass: correlated subqueries cost DuckDB
-- a pipeline each.)
INSERT INTO source_files
SELECT f.file_id, f.sha256, f.source, f.kept_path, f.container, f.bytes,
       coalesce(s.records, 0)::INTEGER,
       now()::TIMESTAMP,
       f.etag,
       f.read_by_duckdb,
       f.content_bytes
FROM batch_files f
LEFT JOIN (
  SELECT file_id, count(*) AS records, bool_or(problem IS NULL) AS holds_event FROM staged GROUP BY file_id
) s ON s.file_id = f.file_id
WHERE $keep_empty OR coalesce(s.holds_event, false)
