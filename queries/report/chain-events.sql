-- Events made by the members of a traced chain (queries/store/chain-members-macro.sql with the
-- parameters $1–$7 of src/store/report-data.ts chainMatchParams), oldest first, with where each
-- record was loaded from.
SELECT event_id,
       strftime(event_time, '%Y-%m-%dT%H:%M:%SZ') AS event_time,
       event_source, event_name, recipient_account_id, aws_region, error_code, read_only,
       source_ip, user_agent, shared_event_id, identity_type, identity_arn,
       identity_principal_id, identity_access_key_id,
       strftime(session_creation_date, '%Y-%m-%dT%H:%M:%SZ') AS session_creation_date,
       session_issuer_arn, issued_role_arn, mfa_used, source, record_index
FROM chain_members($1::VARCHAR[], $2::VARCHAR[], $3::VARCHAR[], $4::VARCHAR, $5::VARCHAR, $6::VARCHAR, $7::VARCHAR[])
ORDER BY event_time, event_id
