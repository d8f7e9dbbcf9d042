-- The services (eventSource) of a chain's timeline and how many calls each made, most first: what
-- the terminal UI's service filter steps through. $key_actors–$named_ids: tui_chain_calls's membership arguments
-- (queries/tui/chain-calls-macro.sql), no search.
SELECT event_source, count(*)::BIGINT AS calls
FROM tui_chain_calls($key_actors::VARCHAR[], $keys::VARCHAR[], $session_actors::VARCHAR[], $sessions::VARCHAR[], $arn_actors::VARCHAR[], $arns::VARCHAR[],
                     $origin_principal::VARCHAR, $origin_type::VARCHAR, $origin_keyed::BOOLEAN, $ic_user::VARCHAR, $named_actors::VARCHAR[], $named_ids::VARCHAR[], NULL::VARCHAR)
WHERE event_source IS NOT NULL
GROUP BY event_source
ORDER BY calls DESC, event_source
