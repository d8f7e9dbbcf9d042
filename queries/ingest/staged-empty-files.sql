-- The batch's files that hold no CloudTrail event (no record at all, or none valid), with how many
-- records they held: they are not loaded, and not remembered as stored (a later run reads them again).
SELECT f.source, count(s.file_id)::INTEGER AS records
FROM batch_files f LEFT JOIN staged s ON s.file_id = f.file_id
GROUP BY f.file_id, f.source
HAVING count(s.file_id) FILTER (WHERE s.problem IS NULL) = 0
ORDER BY f.file_id
