-- Every question asked of the sources, latest first: what the Evidence says about how records came.
SELECT source_name, what, how, strftime(asked_at, '%Y-%m-%dT%H:%M:%SZ') AS asked_at, records, bytes_scanned, bytes_downloaded, objects, requests
FROM fetched_questions ORDER BY asked_at DESC, source_name, question_key
