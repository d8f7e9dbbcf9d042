-- Records the batch's files as loaded, with how many records each held.
INSERT INTO source_files
SELECT f.file_id, f.sha256, f.source, f.kept_path, f.container, f.bytes,
       (SELECT count(*) FROM staged s WHERE s.file_id = f.file_id)::INTEGER,
       now()::TIMESTAMP,
       f.etag,
       f.read_by_duckdb,
       f.content_bytes
FROM batch_files f
