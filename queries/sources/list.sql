-- The sources a trace may fetch from (`trail-trace source list`), in the order they were added.
SELECT name, kind, settings, strftime(added_at, '%Y-%m-%dT%H:%M:%SZ') AS added_at FROM sources ORDER BY added_at, name
