-- A question a source answered (found or not), and what it cost.
INSERT OR REPLACE INTO fetched_questions
  (source_name, question_key, what, question, how, asked_at, records, bytes_scanned, bytes_downloaded, objects, requests)
VALUES ($name, $key, $what, $question, $how, now()::TIMESTAMP, $records, $bytes_scanned, $bytes_downloaded, $objects, $requests)
