-- Registers one file of the batch being loaded. $1..$7 = file_id, sha256, source, kept_path, container, bytes, local path.
INSERT INTO batch_files VALUES ($1, $2, $3, $4, $5, $6, $7)
