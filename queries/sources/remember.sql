-- A question a source answered (found or not), and what it cost; asked again (a window not yet
-- settled), the newer answer replaces it.
INSERT OR REPLACE INTO fetched_questions
  (source_name, question_key, what, question, how, asked_at, records, bytes_scanned, bytes_downloaded, objects, requests)
VALUES ($name, $key, $what, $question, $how, $asked_at::TIMESTAMP, $records, $bytes_scanned, $bytes_downloaded, $objects, $requests)
