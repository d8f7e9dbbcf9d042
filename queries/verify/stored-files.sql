-- Every file the store holds, with how many events it gave and how verify may re-read it.
SELECT f.file_id, f.sha256, f.source, f.kept_path, f.container, f.bytes, f.read_by_duckdb, f.content_bytes,
       count(e.event_id) AS events
FROM source_files f
LEFT JOIN events e USING (file_id)
GROUP BY ALL
ORDER BY f.file_id
