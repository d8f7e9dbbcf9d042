// An Athena table over the trail's bucket as a source: each question is one query, pruned to the
// partitions that can hold its answer (the accounts, regions and delivery days of the question,
// src/ingest/sources/athena.ts buildQuery) and filtered to the records it asks for. Athena charges
// by the bytes a query scans: that is the cost counted against --max-scan.

import { AthenaClient } from '@aws-sdk/client-athena';
import { z } from 'zod';
import { shellWord } from '../../text/shell.js';
import { awsSettings, clientConfig } from '../../aws/config.js';
import { countRequests, type RequestCounter } from '../../aws/requests.js';
import { AthenaSource, checkName, sqlString } from '../../ingest/sources/athena.js';
import type { Match, Question } from '../question.js';
import { accountsFor, regionsFor, type FetchCost, type SourceKind } from '../registry.js';

const NAME = z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, 'letters, digits, _ and - only');

export const athenaSettings = z.object({
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'a region name such as us-east-1'),
  catalog: NAME.default('AwsDataCatalog'),
  database: NAME,
  table: NAME,
  workgroup: NAME.optional(),
  output: z.string().regex(/^s3:\/\/[^/]+/, 'an s3:// location').optional(),
  profile: z.string().min(1).optional(),
  /** The organisation's management account and delegated administrators (src/sources/question.ts inManagementAccount). */
  managementAccounts: z.array(z.string().regex(/^\d{12}$/)).min(1).optional(),
});
export type AthenaSettings = z.infer<typeof athenaSettings>;

/** Columns of AWS's CloudTrail table (spec §7.1) for each field of a question. */
const COLUMNS: Partial<Record<keyof Match, string>> = {
  eventIds: 'eventid',
  sharedEventIds: 'sharedeventid',
  eventSources: 'eventsource',
  eventNames: 'eventname',
  eventTypes: 'eventtype',
  accessKeyIds: 'useridentity.accesskeyid',
  principalIds: 'useridentity.principalid',
  arns: 'useridentity.arn',
  sourceIps: 'sourceipaddress',
};

/** Values go into SQL as quoted literals; one with a control character matches no real record and is not sent. */
const SENDABLE = /^[^\p{Cc}]*$/u;

/** The question's records as one SQL condition, or null when no value can be sent. */
export function athenaFilter(match: Match[]): string | null {
  const alternatives = match.flatMap((m) => {
    const terms: string[] = [];
    for (const [field, values] of Object.entries(m) as [keyof Match, string[]][]) {
      const sendable = values.filter((v) => SENDABLE.test(v));
      if (sendable.length === 0) return [];
      if (field === 'inResponse' || field === 'inRequest') {
        const column = field === 'inResponse' ? 'responseelements' : 'requestparameters';
        terms.push(`(${sendable.map((v) => `strpos(${column}, ${sqlString(v)}) > 0`).join(' OR ')})`);
      } else {
        terms.push(`${COLUMNS[field]} IN (${sendable.map(sqlString).join(', ')})`);
      }
    }
    return terms.length ? [terms.join(' AND ')] : [];
  });
  if (alternatives.length === 0) return null;
  return alternatives.length === 1 ? `(${alternatives[0]})` : `(${alternatives.map((a) => `(${a})`).join(' OR ')})`;
}

export const athenaKind: SourceKind<AthenaSettings> = {
  kind: 'athena',
  title: 'an Athena table over the trail',
  settings: athenaSettings,
  windowCommand: (s, from, to) => [
    'trail-trace ingest athena', '--database', shellWord(s.database), '--table', shellWord(s.table), '--region', s.region,
    ...(s.catalog !== 'AwsDataCatalog' ? ['--catalog', shellWord(s.catalog)] : []),
    ...(s.workgroup ? ['--workgroup', shellWord(s.workgroup)] : []), ...(s.output ? ['--output', shellWord(s.output)] : []),
    ...(s.profile ? ['--profile', shellWord(s.profile)] : []), '--from', shellWord(from), '--to', shellWord(to),
  ].join(' '),
  describe: (s) => `Athena table ${s.catalog === 'AwsDataCatalog' ? '' : `${s.catalog}.`}${s.database}.${s.table} in ${s.region}` +
    `${s.workgroup ? `, workgroup ${s.workgroup}` : ''}${s.profile ? `, profile ${s.profile}` : ''}` +
    `${s.managementAccounts ? `, management accounts ${s.managementAccounts.join(', ')}` : ''}`,
  async open(name, s, ctx) {
    const settings = await awsSettings({ region: s.region, ...(s.profile ? { profile: s.profile } : {}) }, ctx.env, ctx.mfaPrompt, 'athena');
    const counter: RequestCounter = { requests: 0 };
    // Looking at a query's state costs nothing and is not counted; starting one and reading its results are.
    const client = countRequests(new AthenaClient(clientConfig(settings, 'athena', s.region)), counter, (command) => command !== 'GetQueryExecutionCommand');
    const target = { catalog: checkName(s.catalog, '--catalog'), database: checkName(s.database, '--database'), table: checkName(s.table, '--table') };
    let scanned = 0;
    return {
      name,
      kind: 'athena',
      cannotAnswer: (q) => (athenaFilter(q.match) === null ? 'the values asked for hold control characters' : null),
      async answer(q: Question, actx) {
        const filter = athenaFilter(q.match)!;
        const source = new AthenaSource({
          client, target, region: s.region,
          window: {
            from: new Date(q.window.from), to: new Date(q.window.to), filter,
            ...(accountsFor(q, s.managementAccounts) ? { accounts: accountsFor(q, s.managementAccounts)! } : {}),
            ...(regionsFor(q) ? { regions: regionsFor(q)! } : {}),
          },
          ...(s.workgroup ? { workgroup: s.workgroup } : {}),
          ...(s.output ? { output: s.output } : {}),
          downloadDir: actx.downloadDir,
          signal: actx.signal,
          onStatus: actx.onStatus,
          command: ctx.command,
          ...(Number.isFinite(actx.maxScanBytes) ? { maxScanBytes: actx.maxScanBytes } : {}),
        });
        const query = await source.plan();
        for (const note of query.notes) actx.onStatus(`note: ${note}`);
        let listing;
        try {
          listing = await source.list();
        } finally {
          // Billed however it ended (stopped, failed, cancelled); a reused execution's scan was paid
          // for by the run that started it.
          if (!source.reused) scanned += source.scannedBytes;
        }
        const id = source.execution?.QueryExecutionId ?? '?';
        return { how: `Athena query ${id} in ${s.region}:\n${query.sql}`, listing };
      },
      cost: (): FetchCost => ({ bytesScanned: scanned, bytesDownloaded: 0, objects: 0, requests: counter.requests }),
      close: () => client.destroy(),
    };
  },
};
