-- The answer the source gave to this question (src/sources/question.ts questionKey) in an earlier
-- run, if any, and whether its window had settled as it was asked: CloudTrail delivers up to a day
-- late, so a later answer is final; one asked sooner is asked again (and its row replaced).
SELECT what, how, records, bytes_scanned, bytes_downloaded, objects, requests,
       strftime(asked_at, '%Y-%m-%dT%H:%M:%SZ') AS asked_at,
       coalesce(try_cast(json_extract_string(question, '$.window.to') AS TIMESTAMPTZ) < (asked_at - INTERVAL 1 DAY)::TIMESTAMPTZ, false) AS settled
FROM fetched_questions
WHERE source_name = $name AND question_key = $key
