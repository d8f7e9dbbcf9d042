-- Whether the source was already asked this question (src/sources/question.ts questionKey).
SELECT what, how, records FROM fetched_questions WHERE source_name = $name AND question_key = $key
