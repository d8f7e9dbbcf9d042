-- The declared type of a CloudTrail record as DuckDB's JSON reader parses it: top-level scalars as
-- text, nested objects as JSON (schema inference fails on real logs, and extracting from whole
-- records costs 2-3x the time: DESIGN.md). Put in place of __RECORD_TYPE__ in source-json-records.sql
-- and source-json-lines.sql (src/store/load.ts), so both readers give the same columns.
STRUCT(
  eventVersion VARCHAR, eventID VARCHAR, eventTime VARCHAR, eventSource VARCHAR, eventName VARCHAR,
  eventType VARCHAR, awsRegion VARCHAR, recipientAccountId VARCHAR, errorCode VARCHAR,
  errorMessage VARCHAR, readOnly VARCHAR, sourceIPAddress VARCHAR, userAgent VARCHAR,
  sharedEventID VARCHAR, requestID VARCHAR, vpcEndpointId VARCHAR, userIdentity JSON, requestParameters JSON,
  responseElements JSON, additionalEventData JSON, serviceEventDetails JSON)
