-- AWS MCP Server tool calls (eventType AwsMcpEvent, eventSource aws-mcp.amazonaws.com) between $from
-- and $to (src/trace/agents.ts keeps those whose downstreamRequests name the call it explains; the
-- tool call can be logged a second after the API call it made, AvisoAndino capture).
SELECT e.event_id, i.record::VARCHAR AS record, f.kept_path, f.container, f.source, e.record_index
FROM events e
JOIN source_files f USING (file_id)
LEFT JOIN identity_events i USING (event_id)
WHERE (e.event_type = 'AwsMcpEvent' OR e.event_source LIKE 'aws-mcp%')
  AND e.event_time BETWEEN $from::TIMESTAMP AND $to::TIMESTAMP
ORDER BY e.event_time, e.event_id
LIMIT 500
