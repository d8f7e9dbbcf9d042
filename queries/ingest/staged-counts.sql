-- Valid records in the staged batch and how many of them are new to the store.
SELECT count(*) FILTER (WHERE problem IS NULL)::INTEGER AS valid,
       count(DISTINCT event_id) FILTER (WHERE problem IS NULL)::INTEGER AS distinct_valid
FROM staged
