-- Counts anew, from events, the credential contexts (migration 005) of the copies the batch
-- replaced with a copy of another context or time (replaced-events.sql): their rows are summed per
-- batch, so one event's share cannot be taken out of them. Run after the batch's events and
-- contexts are stored; the contexts replaced are few (copies that differ), their rows all rewritten.
CREATE OR REPLACE TEMP TABLE recounted_contexts AS
SELECT DISTINCT identity_access_key_id, identity_principal_id, session_creation_date, identity_arn, identity_type,
       source_ip, user_agent, vpc_endpoint_id
FROM replaced_events
WHERE NOT same_context;

DELETE FROM credential_contexts c USING recounted_contexts r
WHERE c.access_key_id IS NOT DISTINCT FROM r.identity_access_key_id
  AND c.principal_id IS NOT DISTINCT FROM r.identity_principal_id
  AND c.created_at IS NOT DISTINCT FROM r.session_creation_date
  AND c.arn IS NOT DISTINCT FROM r.identity_arn
  AND c.identity_type IS NOT DISTINCT FROM r.identity_type
  AND c.source_ip IS NOT DISTINCT FROM r.source_ip
  AND c.user_agent IS NOT DISTINCT FROM r.user_agent
  AND c.vpc_endpoint_id IS NOT DISTINCT FROM r.vpc_endpoint_id;

INSERT INTO credential_contexts
SELECT e.identity_access_key_id, e.identity_principal_id, e.session_creation_date, e.identity_arn, e.identity_type,
       e.source_ip, e.user_agent, e.vpc_endpoint_id,
       count(*), min(e.event_time), max(e.event_time), arg_min(e.event_id, (e.event_time, e.event_id))
FROM events e
SEMI JOIN recounted_contexts r
  ON e.identity_access_key_id IS NOT DISTINCT FROM r.identity_access_key_id
 AND e.identity_principal_id IS NOT DISTINCT FROM r.identity_principal_id
 AND e.session_creation_date IS NOT DISTINCT FROM r.session_creation_date
 AND e.identity_arn IS NOT DISTINCT FROM r.identity_arn
 AND e.identity_type IS NOT DISTINCT FROM r.identity_type
 AND e.source_ip IS NOT DISTINCT FROM r.source_ip
 AND e.user_agent IS NOT DISTINCT FROM r.user_agent
 AND e.vpc_endpoint_id IS NOT DISTINCT FROM r.vpc_endpoint_id
GROUP BY ALL;

DROP TABLE recounted_contexts;
