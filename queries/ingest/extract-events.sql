-- Extracts the events table's columns from shaped records.
-- Expects a relation shaped(file_id, file_path, record_index, record_type, <top-level fields as text>,
-- userIdentity/requestParameters/responseElements/additionalEventData/serviceEventDetails JSON)
-- defined before this text (the loader prefixes source-*.sql and, for JSON values, shape-json-records.sql).
-- Returns one row per record, valid or not; problem says why a record cannot be stored.
-- Keep in step with src/trace/record.ts (test/store/extract-consistency.test.ts checks both agree).
, extracted AS (
  SELECT
    *,
    json_extract_string(userIdentity, ['$.type', '$.arn', '$.principalId', '$.accountId', '$.accessKeyId',
      '$.userName', '$.invokedBy', '$.sessionContext.sessionIssuer.arn',
      '$.sessionContext.attributes.creationDate']) AS ui,
    CASE WHEN eventSource = 'sts.amazonaws.com' THEN json_extract_string(responseElements, [
      '$.credentials.accessKeyId', '$.assumedRoleUser.assumedRoleId', '$.federatedUser.federatedUserId',
      '$.assumedRoleUser.arn', '$.federatedUser.arn', '$.credentials.expiration']) END AS re,
    CASE WHEN eventSource = 'sts.amazonaws.com' THEN json_extract_string(requestParameters, [
      '$.roleArn', '$.targetPrincipal']) END AS rp
  FROM shaped
), typed AS (
  SELECT
    file_id,
    file_path,
    record_index,
    record_type,
    nullif(eventID, '') AS event_id,
    -- CloudTrail writes eventID as a string (a UUID). Read as text, a number or an object shows as
    -- its JSON ("12345", "{…}", "true"): such a record is no lookup's to find (src/trace/record.ts
    -- eventIdNotText says the same), and reading the type itself would cost every record a JSON parse.
    coalesce(regexp_full_match(eventID, '-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?|[{\[].*|true|false'), false) AS event_id_not_text,
    coalesce(try_strptime(eventTime, '%Y-%m-%dT%H:%M:%SZ'), try_strptime(eventTime, '%Y-%m-%dT%H:%M:%S.%fZ'),
             try_strptime(eventTime, '%Y%m%dT%H%M%SZ')) AS event_time,
    eventSource AS event_source,
    eventName AS event_name,
    eventType AS event_type,
    awsRegion AS aws_region,
    recipientAccountId AS recipient_account_id,
    nullif(errorCode, '') AS error_code,
    CASE lower(readOnly) WHEN 'true' THEN true WHEN 'false' THEN false END AS read_only,
    sourceIPAddress AS source_ip,
    userAgent AS user_agent,
    nullif(sharedEventID, '') AS shared_event_id,
    nullif(requestID, '') AS request_id,
    nullif(vpcEndpointId, '') AS vpc_endpoint_id,
    coalesce(nullif(ui[1], ''), 'None') AS identity_type,
    nullif(ui[2], '') AS identity_arn,
    nullif(ui[3], '') AS identity_principal_id,
    nullif(ui[4], '') AS identity_account_id,
    CASE WHEN ui[5] IN ('', 'Unknown') THEN NULL ELSE ui[5] END AS identity_access_key_id,
    nullif(ui[6], '') AS identity_user_name,
    nullif(ui[7], '') AS identity_invoked_by,
    nullif(ui[8], '') AS session_issuer_arn,
    coalesce(try_strptime(ui[9], '%Y-%m-%dT%H:%M:%SZ'), try_strptime(ui[9], '%Y%m%dT%H%M%SZ')) AS session_creation_date,
    -- Only successful STS calls issue credentials (spec §4.1).
    CASE WHEN errorCode IS NULL AND re[1] NOT IN ('', 'Unknown') THEN re[1]
         -- A long-term key made by iam:CreateAccessKey (src/trace/record.ts keyCreationOf).
         WHEN errorCode IS NULL AND eventSource = 'iam.amazonaws.com' AND eventName = 'CreateAccessKey'
           THEN nullif(json_extract_string(responseElements, '$.accessKey.accessKeyId'), '') END AS issued_access_key_id,
    CASE WHEN errorCode IS NULL THEN coalesce(nullif(re[2], ''), nullif(re[3], '')) END AS issued_principal_id,
    CASE WHEN errorCode IS NULL THEN coalesce(nullif(re[4], ''), nullif(re[5], '')) END AS issued_arn,
    CASE WHEN errorCode IS NULL THEN nullif(re[6], '') END AS issued_expiration,
    nullif(rp[1], '') AS issued_role_arn,
    nullif(rp[2], '') AS issued_target_principal,
    -- The tracer reads STS, sign-in and Identity Center records whole: keep its working copy here
    -- (the fields it reads; the verbatim record is in the kept file).
    CASE WHEN eventSource IN ('sts.amazonaws.com', 'signin.amazonaws.com', 'sso.amazonaws.com') THEN json_object(
      'eventVersion', eventVersion, 'eventID', eventID, 'eventTime', eventTime, 'eventSource', eventSource,
      'eventName', eventName, 'eventType', eventType, 'awsRegion', awsRegion,
      'recipientAccountId', recipientAccountId, 'errorCode', errorCode, 'errorMessage', errorMessage,
      'readOnly', readOnly, 'sourceIPAddress', sourceIPAddress, 'userAgent', userAgent,
      'sharedEventID', sharedEventID, 'requestID', requestID, 'userIdentity', userIdentity,
      'requestParameters', requestParameters,
      -- sessionToken: ~1 KB of incompressible base64 the tracer never reads (kept verbatim in the file).
      'responseElements', CASE WHEN eventSource = 'sts.amazonaws.com' AND responseElements IS NOT NULL
        THEN json_merge_patch(responseElements, '{"credentials":{"sessionToken":null}}') ELSE responseElements END,
      'additionalEventData', additionalEventData, 'serviceEventDetails', serviceEventDetails) END AS identity_record,
    (eventVersion IS NOT NULL OR userIdentity IS NOT NULL OR (eventSource IS NOT NULL AND eventName IS NOT NULL)
      OR (eventID IS NOT NULL AND eventTime IS NOT NULL)) AS looks_like_cloudtrail
  FROM extracted
)
SELECT
  file_id, file_path, record_index, event_id, event_time, event_source, event_name, event_type, aws_region,
  recipient_account_id, error_code, read_only, source_ip, user_agent, shared_event_id, request_id,
  identity_type, identity_arn, identity_principal_id, identity_account_id, identity_access_key_id,
  identity_user_name, identity_invoked_by, session_issuer_arn, session_creation_date,
  issued_access_key_id, issued_principal_id, issued_arn, issued_expiration, issued_role_arn,
  issued_target_principal, vpc_endpoint_id, identity_record,
  event_id_hash(event_id) AS id_hash,  -- migration 007: where event_id_index files it
  CASE
    WHEN record_type IS DISTINCT FROM 'OBJECT' THEN 'not-an-object'
    WHEN NOT looks_like_cloudtrail THEN 'not-cloudtrail'
    WHEN event_id_not_text THEN 'event-id-not-text'
    WHEN event_id IS NULL THEN 'missing-event-id'
    WHEN event_time IS NULL THEN 'missing-event-time'
  END AS problem
FROM typed
