-- The services (eventSource) of a chain's timeline and how many calls each made, most first: what
-- the terminal UI's service filter steps through. $1–$12: tui_chain_calls's membership arguments
-- (queries/tui/chain-calls-macro.sql), no search.
SELECT event_source, count(*)::BIGINT AS calls
FROM tui_chain_calls($1::VARCHAR[], $2::VARCHAR[], $3::VARCHAR[], $4::VARCHAR[], $5::VARCHAR[], $6::VARCHAR[],
                     $7::VARCHAR, $8::VARCHAR, $9::BOOLEAN, $10::VARCHAR, $11::VARCHAR[], $12::VARCHAR[], NULL::VARCHAR)
WHERE event_source IS NOT NULL
GROUP BY event_source
ORDER BY calls DESC, event_source
