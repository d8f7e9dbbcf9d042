-- Folders and S3 prefixes that held an AWSLogs/ tree (and the endpoint an S3 one was read through),
-- Athena tables and Event history accounts loaded from.
SELECT kind, root, org_id, endpoint_url FROM layout_roots ORDER BY kind, root
