-- Valid records in the staged batch (those staged-dropped.sql does not set aside are new).
SELECT count(*) FILTER (WHERE problem IS NULL)::INTEGER AS valid
FROM staged
