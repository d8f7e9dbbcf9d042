-- What was asked of a source that is removed: a source added again under the name is asked afresh.
DELETE FROM fetched_questions WHERE source_name = $name
