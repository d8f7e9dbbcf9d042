// `trail-trace ingest athena --database D --table T`: load events from the Athena table over a
// trail's bucket, with one partition-pruned query for the window, accounts and regions asked for.

import { AthenaClient } from '@aws-sdk/client-athena';
import { awsSettings, clientConfig, terminalMfaPrompt } from '../../aws/config.js';
import { UserError } from '../../errors.js';
import { AthenaSource, checkName } from '../../ingest/sources/athena.js';
import { terminalSafe } from '../../text/sanitize.js';
import type { Io } from '../output.js';
import type { IngestAthenaValues } from './specs.js';
import { accountsOption, regionsOption, timeWindow } from './common.js';
import { runIngest } from './ingest-files.js';

/** The options as declared in specs.ts (read and checked there). */
export type IngestAthenaOptions = IngestAthenaValues;

export async function runIngestAthena(options: IngestAthenaOptions, io: Io): Promise<number> {
  const target = {
    catalog: checkName(options.catalog, '--catalog'),
    database: checkName(options.database, '--database'),
    table: checkName(options.table, '--table'),
  };
  if (options.workgroup) checkName(options.workgroup, '--workgroup');
  const accounts = accountsOption(options.accounts);
  const regions = regionsOption(options.regions);
  if (!options.from) {
    throw new UserError(
      'ingest athena needs --from: Athena charges by the data a query scans, and the window decides which partitions it reads.',
      'Example: --from 2026-03-09 --to 2026-03-11, or --from 7d.',
    );
  }
  const window = timeWindow(options.from, options.to);
  const settings = await awsSettings(options, io.env, terminalMfaPrompt(), 'athena');
  if (!settings.region) {
    throw new UserError('Athena tables belong to a region, and none is set.', 'Give --region (the region of the Athena table), or set AWS_REGION.');
  }
  const region = settings.region;
  const client = new AthenaClient(clientConfig(settings, 'athena', region));
  try {
    return await runIngest(options, io, 'pages', async (store, signal) => {
      const source = new AthenaSource({
        client, target, region,
        window: { from: window.from!, to: window.to ?? new Date(), ...(accounts ? { accounts } : {}), ...(regions ? { regions } : {}) },
        ...(options.workgroup ? { workgroup: options.workgroup } : {}),
        ...(options.output ? { output: options.output } : {}),
        downloadDir: `${store.path}.incoming`,
        signal, pageSize: options.pageSize,
        onStatus: (text) => io.stderr.write(`${terminalSafe(text)}\n`),
      });
      const query = await source.plan();
      for (const note of query.notes) io.stderr.write(`note: ${terminalSafe(note)}\n`);
      return source.list();
    });
  } finally {
    client.destroy();
  }
}

