-- Forget a source and what was asked of it (the events it brought stay: they are evidence).
DELETE FROM sources WHERE name = $name
