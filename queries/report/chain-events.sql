-- Events made by the members of a traced chain with their own credentials (chain_event_rows,
-- queries/store/chain-members-macro.sql, with the parameters $key_actors–$named_ids of src/store/report-data.ts
-- chainMatchParams), oldest first, with where each record was loaded from. Calls of other
-- credentials under the same names are summed apart (report/other-credentials.sql).
SELECT * EXCLUDE (event_at)
FROM chain_event_rows($key_actors::VARCHAR[], $keys::VARCHAR[], $session_actors::VARCHAR[], $sessions::VARCHAR[], $arn_actors::VARCHAR[], $arns::VARCHAR[], $origin_principal::VARCHAR, $origin_type::VARCHAR, $origin_keyed::BOOLEAN, $ic_user::VARCHAR, $named_actors::VARCHAR[], $named_ids::VARCHAR[])
WHERE NOT other_credential
ORDER BY event_at, event_id
