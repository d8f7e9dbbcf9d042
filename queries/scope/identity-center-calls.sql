-- The Identity Center portal's credential calls (GetRoleCredentials, Federate for the console) made
-- for Identity Center user $user between $from and $to (spec §3.7): each handed out a role session in
-- a member account, which the scope of that user starts from.
SELECT e.event_id, e.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM identity_events e
JOIN source_files f USING (file_id)
WHERE e.event_source = 'sso.amazonaws.com' AND e.event_name IN ('GetRoleCredentials', 'Federate')
  AND e.event_time BETWEEN $from::TIMESTAMP AND $to::TIMESTAMP
  AND json_extract_string(e.record, '$.userIdentity.onBehalfOf.userId') = $user
ORDER BY e.event_time, e.event_id
LIMIT 1000
