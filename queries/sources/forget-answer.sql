-- The earlier answer to a question asked again (its window had not settled): remember.sql stores the new one.
DELETE FROM fetched_questions WHERE source_name = $name AND question_key = $key
