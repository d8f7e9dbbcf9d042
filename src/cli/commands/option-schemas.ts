// The zod schemas of the options the ingest and AWS commands share. Apart from common.ts so that
// the tracing commands, which need none of them, do not load zod at start-up.

import { z } from 'zod';
import { REGION_NAME } from '../options.js';

/** The options every ingest command takes. */
export const IngestCliOptions = z.object({
  db: z.string().optional(),
  strict: z.boolean().default(false),
  maxFileSize: z.string().optional(),
  maxRecordSize: z.string().optional(),
  maxStringSize: z.string().optional(),
  maxDepth: z.string().optional(),
  progress: z.boolean().default(true),
  color: z.boolean().optional(),
});

export const AwsCliOptions = z.object({
  profile: z.string().min(1).optional(),
  region: z.string().regex(REGION_NAME, 'a region name such as us-east-1').optional(),
  endpointUrl: z.url().optional(),
});
