-- A new source (`trail-trace source add`); the name is checked unused first.
INSERT INTO sources (name, kind, settings, added_at) VALUES ($name, $kind, $settings, now()::TIMESTAMP)
