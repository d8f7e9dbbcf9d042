-- Runs of whole hours with no event in the store, between the first and the last event of each
-- account and region in $cells (a list of "account/region"): a quiet hour, logs not loaded, or logging
-- off. Returns (account_id, region, from_time, to_time, hours), longest first.
WITH cells AS (
  SELECT recipient_account_id AS account_id, aws_region AS region, date_trunc('hour', event_time) AS hour
  FROM events
  WHERE list_contains($cells::VARCHAR[], recipient_account_id || '/' || aws_region)
  GROUP BY ALL
), spans AS (
  SELECT account_id, region, min(hour) AS first_hour, max(hour) AS last_hour FROM cells GROUP BY ALL
), expected AS (
  SELECT account_id, region, unnest(generate_series(first_hour, last_hour, INTERVAL 1 HOUR)) AS hour FROM spans
), missing AS (
  SELECT e.account_id, e.region, e.hour
  FROM expected e
  ANTI JOIN cells c ON c.account_id = e.account_id AND c.region = e.region AND c.hour = e.hour
), runs AS (
  SELECT account_id, region, hour,
         hour - to_hours(row_number() OVER (PARTITION BY account_id, region ORDER BY hour)) AS run
  FROM missing
)
SELECT account_id, region, strftime(min(hour), '%Y-%m-%dT%H:%M:%SZ') AS from_time,
       strftime(max(hour) + INTERVAL 1 HOUR, '%Y-%m-%dT%H:%M:%SZ') AS to_time, count(*) AS hours
FROM runs
GROUP BY account_id, region, run
ORDER BY hours DESC, account_id, region, from_time
LIMIT 50
