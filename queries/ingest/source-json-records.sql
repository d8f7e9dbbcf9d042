-- batch_records from `{"Records":[…]}` files read by DuckDB itself ($1: list of paths).
-- Declaring the container's type avoids schema inference, which fails on real logs (DESIGN.md).
WITH batch_records AS (
  SELECT filename AS file_path,
         unnest(generate_series(0, len(Records) - 1))::INTEGER AS record_index,
         unnest(Records) AS record
  FROM read_json($1, columns = {Records: 'JSON[]'}, filename = true, format = 'unstructured',
                 maximum_object_size = __MAX_OBJECT_SIZE__)
)
