-- What the staged batch holds, in one pass: its valid records (those staged-dropped.sql does not
-- set aside are new), the records with a problem, how many of its files hold a valid record, and
-- how many valid records are STS / sign-in / Identity Center events (insert-identity-events.sql).
-- src/store/load.ts skips the statements that would find nothing.
SELECT count(*) FILTER (WHERE problem IS NULL)::INTEGER AS valid,
       count(*) FILTER (WHERE problem IS NOT NULL)::INTEGER AS problems,
       count(DISTINCT file_id) FILTER (WHERE problem IS NULL)::INTEGER AS files_with_events,
       count(*) FILTER (WHERE problem IS NULL AND identity_record IS NOT NULL)::INTEGER AS identity
FROM staged
