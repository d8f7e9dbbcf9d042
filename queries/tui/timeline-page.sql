-- One page of a chain's timeline for the terminal UI: the logical calls of tui_chain_calls
-- (queries/tui/chain-calls-macro.sql; $1–$12 are its membership arguments, $16 its search text or
-- NULL) that pass the filters, in time order, rows $18 + 1 to $18 + $17, each with `total`, the
-- number of calls that pass the filters. Filters: $13 writes only (src/trace/sensitive.ts
-- isWriteCall: readOnly false, or not said and the name is not Get/List/Describe/Head…); $14
-- errors only; $15 one service (eventSource) or NULL. Paged in SQL so a timeline of any length
-- stays out of memory.
SELECT * EXCLUDE (event_at, event_order, copy_hit, call_order, search_hit),
       count(*) OVER () AS total
FROM tui_chain_calls($1::VARCHAR[], $2::VARCHAR[], $3::VARCHAR[], $4::VARCHAR[], $5::VARCHAR[], $6::VARCHAR[],
                     $7::VARCHAR, $8::VARCHAR, $9::BOOLEAN, $10::VARCHAR, $11::VARCHAR[], $12::VARCHAR[], $16::VARCHAR)
WHERE search_hit
  AND (NOT $13::BOOLEAN OR NOT coalesce(read_only, regexp_matches(coalesce(event_name, ''), '^(Get|List|Describe|Head)')))
  AND (NOT $14::BOOLEAN OR coalesce(error_code, '') <> '')
  AND ($15::VARCHAR IS NULL OR event_source = $15::VARCHAR)
ORDER BY call_order
LIMIT $17 OFFSET $18
