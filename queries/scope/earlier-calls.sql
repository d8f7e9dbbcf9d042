-- Earlier calls of one kind in one account, latest first: where the document a change replaced may
-- be (a trust policy, a bucket policy), for the eviction checklist's restore step. The caller keeps
-- those on the same resource (src/trace/changes.ts).
SELECT e.event_id, NULL::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM events e
JOIN source_files f USING (file_id)
WHERE e.event_source = $source AND list_contains($names::VARCHAR[], e.event_name)
  AND e.recipient_account_id = $account AND e.error_code IS NULL
  AND e.event_time < $before::TIMESTAMP
ORDER BY e.event_time DESC, e.event_id
LIMIT 200
