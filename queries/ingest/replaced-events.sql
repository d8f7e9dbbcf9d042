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
       c.context.access_key_id AS identity_access_key_id, c.context.principal_id AS identity_principal_id,
       c.context.created_at AS session_creation_date, c.context.arn AS identity_arn, c.context.identity_type AS identity_type,
       c.context.source_ip AS source_ip, c.context.user_agent AS user_agent, c.context.vpc_endpoint_id AS vpc_endpoint_id,
       c.context IS NOT DISTINCT FROM c.used_context AS same_context
FROM staged_copies c
WHERE c.row_id IS NULL AND NOT c.used
