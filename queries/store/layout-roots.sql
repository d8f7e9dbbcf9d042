-- Folders and S3 prefixes that held an AWSLogs/ tree.
SELECT kind, root, org_id FROM layout_roots ORDER BY kind, root
