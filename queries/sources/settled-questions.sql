-- The questions whose answers had settled when asked (queries/sources/asked.sql), with the question
-- itself: what a scope fetching again reads to leave out the credentials whose calls it already has.
SELECT source_name, question
FROM fetched_questions
WHERE try_cast(json_extract_string(question, '$.window.to') AS TIMESTAMPTZ) < (asked_at - INTERVAL 1 DAY)::TIMESTAMPTZ
