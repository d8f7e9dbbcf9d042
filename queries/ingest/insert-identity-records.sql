-- Keeps the raw JSON of newly stored STS / sign-in / Identity Center events.
INSERT INTO identity_records
SELECT s.event_id, any_value(s.identity_record)
FROM staged s
WHERE s.problem IS NULL AND s.identity_record IS NOT NULL
  AND s.event_id NOT IN (SELECT event_id FROM identity_records)
GROUP BY s.event_id
