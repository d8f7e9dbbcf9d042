-- scope_calls(key_creds, keys, key_froms, key_tos, session_creds, principal_ids, created_froms,
-- created_tos, from_time, to_time): the stored events made by the credentials of a scope
-- (src/trace/scope.ts), each with the id of the credential that made it (`cred`). A credential is
-- matched by its access key used between its own times (lists key_*, in step), or by its session —
-- principal id and creation time, for console and Identity Center sessions that sign each request
-- with another key (lists session_*/principal_ids/created_*, in step) — and only from from_time to
-- to_time. An event matched by both is its key's. Used by activity, change and page queries.
CREATE OR REPLACE TEMP MACRO scope_calls(key_creds, keys, key_froms, key_tos, session_creds, principal_ids, created_froms,
                                         created_tos, from_time, to_time) AS TABLE
WITH by_key AS (
  SELECT unnest(key_creds::VARCHAR[]) AS cred, unnest(keys::VARCHAR[]) AS access_key_id,
         unnest(key_froms::VARCHAR[])::TIMESTAMP AS key_from, unnest(key_tos::VARCHAR[])::TIMESTAMP AS key_to
), by_session AS (
  SELECT unnest(session_creds::VARCHAR[]) AS cred, unnest(principal_ids::VARCHAR[]) AS principal_id,
         unnest(created_froms::VARCHAR[])::TIMESTAMP AS created_from, unnest(created_tos::VARCHAR[])::TIMESTAMP AS created_to
)
SELECT k.cred, e.*
FROM events e
JOIN by_key k ON e.identity_access_key_id = k.access_key_id AND e.event_time BETWEEN k.key_from AND k.key_to
WHERE e.event_time BETWEEN from_time::TIMESTAMP AND to_time::TIMESTAMP
UNION ALL
SELECT s.cred, e.*
FROM events e
JOIN by_session s ON e.identity_principal_id = s.principal_id
 AND e.session_creation_date BETWEEN s.created_from AND s.created_to
WHERE e.event_time BETWEEN from_time::TIMESTAMP AND to_time::TIMESTAMP
  AND NOT coalesce(list_contains(keys::VARCHAR[], e.identity_access_key_id), false);
