-- One page of a chain's timeline for the terminal UI: the logical calls of tui_chain_calls
-- (queries/tui/chain-calls-macro.sql; $key_actors–$named_ids are its membership arguments, $search its search text or
-- NULL) that pass the filters, in time order, rows $offset + 1 to $offset + $limit, each with `total`, the
-- number of calls that pass the filters. Filters: $writes_only writes only (src/trace/sensitive.ts
-- isWriteCall: readOnly false, or not said and the name is not Get/List/Describe/Head…); $errors_only
-- errors only; $service one service (eventSource) or NULL. Paged in SQL so a timeline of any length
-- stays out of memory.
SELECT * EXCLUDE (event_at, event_order, copy_hit, call_order, search_hit),
       count(*) OVER () AS total
FROM tui_chain_calls($key_actors::VARCHAR[], $keys::VARCHAR[], $session_actors::VARCHAR[], $sessions::VARCHAR[], $arn_actors::VARCHAR[], $arns::VARCHAR[],
                     $origin_principal::VARCHAR, $origin_type::VARCHAR, $origin_keyed::BOOLEAN, $ic_user::VARCHAR, $named_actors::VARCHAR[], $named_ids::VARCHAR[], $search::VARCHAR)
WHERE search_hit
  AND (NOT $writes_only::BOOLEAN OR NOT coalesce(read_only, regexp_matches(coalesce(event_name, ''), '^(Get|List|Describe|Head)')))
  AND (NOT $errors_only::BOOLEAN OR coalesce(error_code, '') <> '')
  AND ($service::VARCHAR IS NULL OR event_source = $service::VARCHAR)
ORDER BY call_order
LIMIT $limit OFFSET $offset
