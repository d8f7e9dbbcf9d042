-- batch_records from files holding one top-level JSON array of records ($paths: list of paths).
WITH batch_records AS (
  SELECT f.file_id, f.local_path AS file_path,
         unnest(generate_series(0, len(a.items) - 1))::INTEGER AS record_index,
         unnest(a.items) AS record
  FROM (SELECT filename AS file_path, json::JSON[] AS items
        FROM read_json_objects($paths, format = 'unstructured', filename = true,
                               maximum_object_size = __MAX_OBJECT_SIZE__)) a
  JOIN batch_files f ON f.local_path = a.file_path
)
