// What CloudTrail's Event history (LookupEvents) offers, as constants the CLI's help can name
// without loading the AWS SDK (spec §6).

import type { LookupAttributeKey } from '@aws-sdk/client-cloudtrail';

/** Event history keeps management events this many days. */
export const LOOKUP_HISTORY_DAYS = 90;

/** The attributes LookupEvents filters on (one per call). */
export const LOOKUP_ATTRIBUTE_KEYS = [
  'EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId',
] as const satisfies readonly LookupAttributeKey[];
