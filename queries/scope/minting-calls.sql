-- The calls that may have made a credential, made by the credentials asked for (src/trace/scope.ts):
-- STS, sign-in and Identity Center calls from identity_events, and CreateAccessKey and console
-- password changes from iam_credential_events (migration 009), from $from to $to. A credential is
-- asked for by one of its access keys $keys, or by a session — principal id $principal_ids created
-- between $created_froms and $created_tos, in step — for console and Identity Center sessions, which
-- sign each request with another key (spec §3.7, §3.8). The walk re-checks every link itself.
WITH sessions AS (
  SELECT unnest($principal_ids::VARCHAR[]) AS principal_id,
         unnest($created_froms::VARCHAR[])::TIMESTAMP AS created_from,
         unnest($created_tos::VARCHAR[])::TIMESTAMP AS created_to
), calls AS (
  -- IN (SELECT unnest(…)): DuckDB answers it from the caller key's index (migration 009).
  SELECT e.event_id, e.event_time, e.record::VARCHAR AS record, e.file_id, e.record_index
  FROM identity_events e
  WHERE e.identity_access_key_id IN (SELECT unnest($keys::VARCHAR[]))
  UNION
  SELECT e.event_id, e.event_time, e.record::VARCHAR AS record, e.file_id, e.record_index
  FROM identity_events e
  JOIN sessions s ON s.principal_id = e.identity_principal_id
   AND e.session_creation_date BETWEEN s.created_from AND s.created_to
  UNION
  SELECT c.event_id, c.event_time, NULL::VARCHAR AS record, c.file_id, c.record_index
  FROM iam_credential_events c
  WHERE c.identity_access_key_id IN (SELECT unnest($keys::VARCHAR[]))
     OR EXISTS (SELECT 1 FROM sessions s WHERE s.principal_id = c.identity_principal_id
                AND c.session_creation_date BETWEEN s.created_from AND s.created_to)
)
SELECT c.event_id, c.record, f.kept_path, f.container, f.source, c.record_index
FROM calls c
JOIN source_files f USING (file_id)
WHERE c.event_time BETWEEN $from::TIMESTAMP AND $to::TIMESTAMP
ORDER BY c.event_time, c.event_id
LIMIT 5000
