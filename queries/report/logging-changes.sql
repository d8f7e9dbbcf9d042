-- Calls that stop, delete or change CloudTrail logging in the accounts $accounts (NULL: every account):
-- windows in which the logs may be silent by design. Failed calls are listed too (errorCode).
SELECT event_id, event_name, strftime(event_time, '%Y-%m-%dT%H:%M:%SZ') AS event_time,
       recipient_account_id AS account_id, aws_region AS region, identity_arn, error_code
FROM events
WHERE event_source = 'cloudtrail.amazonaws.com'
  AND event_name IN ('StopLogging', 'StartLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutAdvancedEventSelectors', 'CreateTrail')
  AND ($accounts::VARCHAR[] IS NULL OR list_contains($accounts::VARCHAR[], recipient_account_id))
ORDER BY event_time, event_id
LIMIT 200
