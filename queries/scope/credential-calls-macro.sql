-- scope_calls(key_creds, keys, key_froms, key_tos, from_time, to_time): the stored events made by
-- the credentials of a scope (src/trace/scope.ts), each with the id of the credential that made it
-- (`cred`). Every credential is matched by the access keys the walk gave it (its own, and for
-- console, SwitchRole and Identity Center sessions the per-request keys the backward rules gave
-- it), each used between its own times (lists key_*, in step), and only from from_time to to_time.
-- Used by the activity, change and page queries.
CREATE OR REPLACE TEMP MACRO scope_calls(key_creds, keys, key_froms, key_tos, from_time, to_time) AS TABLE
WITH by_key AS (
  SELECT unnest(key_creds::VARCHAR[]) AS cred, unnest(keys::VARCHAR[]) AS access_key_id,
         unnest(key_froms::VARCHAR[])::TIMESTAMP AS key_from, unnest(key_tos::VARCHAR[])::TIMESTAMP AS key_to
)
SELECT k.cred, e.*
FROM events e
JOIN by_key k ON e.identity_access_key_id = k.access_key_id AND e.event_time BETWEEN k.key_from AND k.key_to
WHERE e.event_time BETWEEN from_time::TIMESTAMP AND to_time::TIMESTAMP;
