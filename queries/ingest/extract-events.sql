-- Extracts the events table's columns from raw records.
-- Expects a relation batch_records(file_path VARCHAR, record_index INTEGER, record JSON) defined
-- before this text (the loader prefixes a WITH clause from source-*.sql).
-- Returns one row per record, valid or not; problem says why a record cannot be stored.
-- Keep in step with src/trace/record.ts (test/store/extract-consistency.test.ts checks both agree).
, extracted AS (
  SELECT
    file_path,
    record_index,
    record,
    json_type(record) AS record_type,
    json_extract_string(record, [
      '$.eventID', '$.eventTime', '$.eventSource', '$.eventName', '$.eventType', '$.awsRegion',
      '$.recipientAccountId', '$.errorCode', '$.readOnly', '$.sourceIPAddress', '$.userAgent',
      '$.sharedEventID', '$.requestID',
      '$.userIdentity.type', '$.userIdentity.arn', '$.userIdentity.principalId',
      '$.userIdentity.accountId', '$.userIdentity.accessKeyId', '$.userIdentity.userName',
      '$.userIdentity.invokedBy', '$.userIdentity.sessionContext.sessionIssuer.arn',
      '$.userIdentity.sessionContext.attributes.creationDate',
      '$.responseElements.credentials.accessKeyId',
      '$.responseElements.assumedRoleUser.assumedRoleId', '$.responseElements.federatedUser.federatedUserId',
      '$.responseElements.assumedRoleUser.arn', '$.responseElements.federatedUser.arn',
      '$.responseElements.credentials.expiration',
      '$.requestParameters.roleArn', '$.requestParameters.targetPrincipal',
      '$.eventVersion', '$.userIdentity'
    ]) AS f
  FROM batch_records
), typed AS (
  SELECT
    file_path,
    record_index,
    record,
    record_type,
    nullif(f[1], '') AS event_id,
    coalesce(try_strptime(f[2], '%Y-%m-%dT%H:%M:%SZ'), try_strptime(f[2], '%Y-%m-%dT%H:%M:%S.%fZ'),
             try_strptime(f[2], '%Y%m%dT%H%M%SZ')) AS event_time,
    f[3] AS event_source,
    f[4] AS event_name,
    f[5] AS event_type,
    f[6] AS aws_region,
    f[7] AS recipient_account_id,
    nullif(f[8], '') AS error_code,
    CASE lower(f[9]) WHEN 'true' THEN true WHEN 'false' THEN false END AS read_only,
    f[10] AS source_ip,
    f[11] AS user_agent,
    nullif(f[12], '') AS shared_event_id,
    nullif(f[13], '') AS request_id,
    coalesce(nullif(f[14], ''), 'None') AS identity_type,
    nullif(f[15], '') AS identity_arn,
    nullif(f[16], '') AS identity_principal_id,
    nullif(f[17], '') AS identity_account_id,
    CASE WHEN f[18] IN ('', 'Unknown') THEN NULL ELSE f[18] END AS identity_access_key_id,
    nullif(f[19], '') AS identity_user_name,
    nullif(f[20], '') AS identity_invoked_by,
    nullif(f[21], '') AS session_issuer_arn,
    coalesce(try_strptime(f[22], '%Y-%m-%dT%H:%M:%SZ'), try_strptime(f[22], '%Y%m%dT%H%M%SZ')) AS session_creation_date,
    CASE WHEN f[3] = 'sts.amazonaws.com' AND f[8] IS NULL AND f[23] NOT IN ('', 'Unknown') THEN f[23] END AS issued_access_key_id,
    CASE WHEN f[3] = 'sts.amazonaws.com' AND f[8] IS NULL THEN coalesce(nullif(f[24], ''), nullif(f[25], '')) END AS issued_principal_id,
    CASE WHEN f[3] = 'sts.amazonaws.com' AND f[8] IS NULL THEN coalesce(nullif(f[26], ''), nullif(f[27], '')) END AS issued_arn,
    CASE WHEN f[3] = 'sts.amazonaws.com' AND f[8] IS NULL THEN nullif(f[28], '') END AS issued_expiration,
    CASE WHEN f[3] = 'sts.amazonaws.com' THEN nullif(f[29], '') END AS issued_role_arn,
    CASE WHEN f[3] = 'sts.amazonaws.com' THEN nullif(f[30], '') END AS issued_target_principal,
    (f[31] IS NOT NULL OR f[32] IS NOT NULL OR (f[3] IS NOT NULL AND f[4] IS NOT NULL)
      OR (f[1] IS NOT NULL AND f[2] IS NOT NULL)) AS looks_like_cloudtrail
  FROM extracted
)
SELECT
  file_path, record_index, event_id, event_time, event_source, event_name, event_type, aws_region,
  recipient_account_id, error_code, read_only, source_ip, user_agent, shared_event_id, request_id,
  identity_type, identity_arn, identity_principal_id, identity_account_id, identity_access_key_id,
  identity_user_name, identity_invoked_by, session_issuer_arn, session_creation_date,
  issued_access_key_id, issued_principal_id, issued_arn, issued_expiration, issued_role_arn,
  issued_target_principal,
  -- The tracer reads STS, sign-in and Identity Center records whole; keep only those raw here.
  CASE WHEN event_source IN ('sts.amazonaws.com', 'signin.amazonaws.com', 'sso.amazonaws.com')
       THEN record END AS identity_record,
  CASE
    WHEN record_type IS DISTINCT FROM 'OBJECT' THEN 'not-an-object'
    WHEN NOT looks_like_cloudtrail THEN 'not-cloudtrail'
    WHEN event_id IS NULL THEN 'missing-event-id'
    WHEN event_time IS NULL THEN 'missing-event-time'
  END AS problem
FROM typed
