-- A question a source answered (found or not), and what it cost. Asked again (a window not yet
-- settled), its earlier answer is removed first (forget-answer.sql, in the same transaction): a
-- plain insert costs DuckDB half an INSERT OR REPLACE, and most questions are new.
INSERT INTO fetched_questions
  (source_name, question_key, what, question, how, asked_at, records, bytes_scanned, bytes_downloaded, objects, requests)
VALUES ($name, $key, $what, $question, $how, $asked_at::TIMESTAMP, $records, $bytes_scanned, $bytes_downloaded, $objects, $requests)
