-- batch_records from files holding one top-level JSON array of records ($1: list of paths).
WITH batch_records AS (
  SELECT file_path,
         unnest(generate_series(0, len(items) - 1))::INTEGER AS record_index,
         unnest(items) AS record
  FROM (SELECT filename AS file_path, json::JSON[] AS items
        FROM read_json_objects($1, format = 'unstructured', filename = true,
                               maximum_object_size = __MAX_OBJECT_SIZE__))
)
