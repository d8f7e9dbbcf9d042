-- Gives records held as whole JSON values (arrays, Node-parsed files) the same shape as the
-- declared read of trail files (source-json-records.sql), so one extraction serves every path.
, shaped AS (
  SELECT file_id, file_path, record_index, json_type(record) AS record_type,
         f[1] AS eventVersion, f[2] AS eventID, f[3] AS eventTime, f[4] AS eventSource, f[5] AS eventName,
         f[6] AS eventType, f[7] AS awsRegion, f[8] AS recipientAccountId, f[9] AS errorCode,
         f[10] AS errorMessage, f[11] AS readOnly, f[12] AS sourceIPAddress, f[13] AS userAgent,
         f[14] AS sharedEventID, f[15] AS requestID, f[16] AS vpcEndpointId,
         json_extract(record, '$.userIdentity') AS userIdentity,
         json_extract(record, '$.requestParameters') AS requestParameters,
         json_extract(record, '$.responseElements') AS responseElements,
         json_extract(record, '$.additionalEventData') AS additionalEventData,
         json_extract(record, '$.serviceEventDetails') AS serviceEventDetails
  FROM (SELECT file_id, file_path, record_index, record,
               json_extract_string(record, ['$.eventVersion', '$.eventID', '$.eventTime', '$.eventSource',
                 '$.eventName', '$.eventType', '$.awsRegion', '$.recipientAccountId', '$.errorCode',
                 '$.errorMessage', '$.readOnly', '$.sourceIPAddress', '$.userAgent', '$.sharedEventID',
                 '$.requestID', '$.vpcEndpointId']) AS f
        FROM batch_records)
)
