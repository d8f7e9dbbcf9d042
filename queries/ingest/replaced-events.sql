-- The copies the store used until now that a copy in the batch goes before (staged-copies.sql):
-- their rows in events and the tables beside it are deleted (delete-replaced.sql) and the batch's
-- copy is inserted in their place, as the inserts insert any new event. Also kept: each one's
-- credential context (credential_contexts' columns, migration 005), and whether the copy replacing
-- it has the same one, with the same time: then the context's count stands as it is and the new
-- copy is not counted again (insert-credential-contexts.sql); else the context is counted anew
-- from events (recount-credential-contexts.sql).
CREATE OR REPLACE TEMP TABLE replaced_events AS
SELECT c.event_id, event_id_hash(c.event_id) AS id_hash, c.file_id, c.record_index, c.content, c.used_content,
       c.used_row_id,
       e.identity_access_key_id, e.identity_principal_id, e.session_creation_date, e.identity_arn, e.identity_type,
       e.source_ip, e.user_agent, e.vpc_endpoint_id,
       (e.identity_access_key_id IS NOT DISTINCT FROM s.identity_access_key_id
        AND e.identity_principal_id IS NOT DISTINCT FROM s.identity_principal_id
        AND e.session_creation_date IS NOT DISTINCT FROM s.session_creation_date
        AND e.identity_arn IS NOT DISTINCT FROM s.identity_arn
        AND e.identity_type IS NOT DISTINCT FROM s.identity_type
        AND e.source_ip IS NOT DISTINCT FROM s.source_ip
        AND e.user_agent IS NOT DISTINCT FROM s.user_agent
        AND e.vpc_endpoint_id IS NOT DISTINCT FROM s.vpc_endpoint_id
        AND e.event_time IS NOT DISTINCT FROM s.event_time) AS same_context
FROM staged_copies c
JOIN events e ON e.file_id = c.file_id AND e.record_index = c.record_index AND e.event_id = c.event_id
JOIN staged s ON s.rowid = c.used_row_id
WHERE c.row_id IS NULL AND NOT c.used
