-- Records the batch's files as loaded, with how many records each held. A file that holds no
-- CloudTrail event is left out ($keep_empty false: files and objects), so a later run, or a later
-- version that reads it, loads it; an API window without events ($keep_empty true) is kept.
INSERT INTO source_files
SELECT f.file_id, f.sha256, f.source, f.kept_path, f.container, f.bytes,
       (SELECT count(*) FROM staged s WHERE s.file_id = f.file_id)::INTEGER,
       now()::TIMESTAMP,
       f.etag,
       f.read_by_duckdb,
       f.content_bytes
FROM batch_files f
WHERE $keep_empty OR EXISTS (SELECT 1 FROM staged s WHERE s.file_id = f.file_id AND s.problem IS NULL)
