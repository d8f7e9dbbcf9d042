-- Events made by the members of a traced chain with their own credentials (chain_event_rows,
-- queries/store/chain-members-macro.sql, with the parameters $1–$12 of src/store/report-data.ts
-- chainMatchParams), oldest first, with where each record was loaded from. Calls of other
-- credentials under the same names are summed apart (report/other-credentials.sql).
SELECT * EXCLUDE (event_at)
FROM chain_event_rows($1::VARCHAR[], $2::VARCHAR[], $3::VARCHAR[], $4::VARCHAR[], $5::VARCHAR[], $6::VARCHAR[], $7::VARCHAR, $8::VARCHAR, $9::BOOLEAN, $10::VARCHAR, $11::VARCHAR[], $12::VARCHAR[])
WHERE NOT other_credential
ORDER BY event_at, event_id
