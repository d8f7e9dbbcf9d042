-- The events most worth tracing, for the terminal UI's start screen, grouped by kind, call, caller
-- and account: how many, when first and last, and the latest one's eventID (the one to trace).
-- Kinds, in this order:
--   logging          CloudTrail turned off or changed: eventName in $logging_names (src/trace/sensitive.ts)
--   access-key       iam:CreateAccessKey (a new long-term key)
--   iam              any other successful IAM write (same read/write rule as isWriteCall)
--   console-no-mfa   signin:ConsoleLogin with additionalEventData.MFAUsed = "No" (spec §3.8;
--                    read from identity_events, which keeps sign-in records whole)
--   cross-account    a successful AssumeRole* of a role in another account than the caller's,
--                    one row per call (the caller's copy when both copies are stored, spec §4.6)
--   denied-burst     $denied_burst or more access-denied errors by one caller within 10 minutes
-- At most $per_kind groups per kind, latest first; `of_kind` says how many groups the kind has in all.
WITH marked AS (
  SELECT e.*,
         CASE
           WHEN e.event_source = 'cloudtrail.amazonaws.com' AND list_contains($logging_names::VARCHAR[], e.event_name) THEN 'logging'
           WHEN e.event_source = 'iam.amazonaws.com' AND e.event_name = 'CreateAccessKey' THEN 'access-key'
           WHEN e.event_source = 'iam.amazonaws.com'
                AND NOT coalesce(e.read_only, regexp_matches(coalesce(e.event_name, ''), '^(Get|List|Describe|Head)')) THEN 'iam'
           WHEN e.event_source = 'sts.amazonaws.com' AND e.event_name LIKE 'AssumeRole%'
                AND split_part(e.issued_role_arn, ':', 5) <> coalesce(e.identity_account_id, e.recipient_account_id) THEN 'cross-account'
         END AS kind,
         coalesce(e.identity_arn, e.identity_principal_id, e.identity_type) AS caller
  FROM events e
  WHERE coalesce(e.error_code, '') = ''
    AND e.event_source IN ('cloudtrail.amazonaws.com', 'iam.amazonaws.com', 'sts.amazonaws.com')
), calls AS (
  SELECT * FROM marked
  WHERE kind IS NOT NULL
  -- Both copies of a cross-account call: keep the caller's, which names the caller in full.
  QUALIFY kind <> 'cross-account' OR row_number() OVER (
    PARTITION BY coalesce(nullif(shared_event_id, ''), event_id)
    ORDER BY identity_type = 'AWSAccount', event_id) = 1
), logins AS (
  SELECT e.*, 'console-no-mfa' AS kind, coalesce(e.identity_arn, e.identity_principal_id, e.identity_type) AS caller
  FROM identity_events i
  JOIN events e USING (event_id)
  WHERE i.event_source = 'signin.amazonaws.com' AND i.event_name = 'ConsoleLogin'
    AND json_extract_string(i.record, '$.additionalEventData.MFAUsed') = 'No'
), denied AS (
  SELECT e.*, 'denied-burst' AS kind, coalesce(e.identity_arn, e.identity_principal_id, e.identity_type) AS caller,
         time_bucket(INTERVAL 10 MINUTES, e.event_time) AS bucket
  FROM events e
  WHERE e.error_code ILIKE '%AccessDenied%' OR e.error_code ILIKE '%Unauthorized%' OR e.error_code ILIKE '%Forbidden%'
), groups AS (
  SELECT kind, event_source, event_name, caller, recipient_account_id,
         count(*)::BIGINT AS events, min(event_time) AS first_time, max(event_time) AS last_time,
         arg_max(event_id, event_time) AS event_id, arg_max(aws_region, event_time) AS aws_region
  FROM (SELECT kind, event_source, event_name, caller, recipient_account_id, event_time, event_id, aws_region FROM calls
        UNION ALL BY NAME
        SELECT kind, event_source, event_name, caller, recipient_account_id, event_time, event_id, aws_region FROM logins)
  GROUP BY ALL
  UNION ALL BY NAME
  SELECT kind, NULL AS event_source, NULL AS event_name, caller, recipient_account_id,
         count(*)::BIGINT AS events, min(event_time) AS first_time, max(event_time) AS last_time,
         arg_max(event_id, event_time) AS event_id, arg_max(aws_region, event_time) AS aws_region
  FROM denied
  GROUP BY kind, caller, recipient_account_id, bucket
  HAVING count(*) >= $denied_burst
)
SELECT kind, event_source, event_name, caller, recipient_account_id AS account_id, aws_region AS region, events,
       strftime(first_time, '%Y-%m-%dT%H:%M:%SZ') AS first_time,
       strftime(last_time, '%Y-%m-%dT%H:%M:%SZ') AS last_time,
       event_id, count(*) OVER (PARTITION BY kind)::BIGINT AS of_kind
FROM groups
QUALIFY row_number() OVER (PARTITION BY kind ORDER BY last_time DESC, event_id) <= $per_kind
ORDER BY CASE kind WHEN 'logging' THEN 1 WHEN 'access-key' THEN 2 WHEN 'iam' THEN 3 WHEN 'console-no-mfa' THEN 4
                   WHEN 'cross-account' THEN 5 ELSE 6 END,
         last_time DESC, event_id
