// `trail-trace source add|list|remove`: the places a store's traces fetch from with --fetch. Only
// where the logs are is kept (a table, a bucket, an account and its regions, a profile's name):
// never credentials.

import { awsSettings, callerAccount, terminalMfaPrompt } from '../../aws/config.js';
import { EXIT, UserError } from '../../errors.js';
import { AthenaSource } from '../../ingest/sources/athena.js';
import { AthenaClient } from '@aws-sdk/client-athena';
import { clientConfig } from '../../aws/config.js';
import type { AthenaSettings } from '../../sources/kinds/athena.js';
import { kindOfStored, SOURCE_KINDS } from '../../sources/kinds.js';
import type { SourceKind } from '../../sources/registry.js';
import { addSource, listSources, removeSource } from '../../store/sources.js';
import { terminalSafe } from '../../text/sanitize.js';
import { shellWord } from '../../text/shell.js';
import type { Io } from '../output.js';
import { accountsOption, openStoreTelling, regionsOption, storePathFrom } from './common.js';
import { enabledRegions } from './ingest-lookup.js';
import { parseSettings } from '../../sources/registry.js';
import type { SourceAddAthenaValues, SourceAddFilesValues, SourceAddLookupValues, SourceAddS3Values, SourceListValues, SourceRemoveValues } from './specs.js';
import { existsSync } from 'node:fs';
import path from 'node:path';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Checks the settings with the kind's own schema and stores the source under a new name. */
async function add(
  kind: string, name: string, raw: Record<string, unknown>, db: string | undefined, io: Io, check?: (settings: never) => Promise<void>,
): Promise<number> {
  if (!NAME.test(name)) throw new UserError(`--name ${terminalSafe(name)} is not a source name.`, 'Letters, digits, _ . and -, up to 64, starting with a letter or digit.');
  const k = SOURCE_KINDS[kind] as SourceKind<unknown>;
  const parsed = k.settings.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`The ${kind} source's ${issue?.path.join('.') || 'settings'} ${issue?.message ?? 'are not valid'}.`, `trail-trace source add ${kind} --help shows the options.`);
  }
  await check?.(parsed.data as never);
  const storePath = storePathFrom(db, io.env);
  const store = await openStoreTelling(storePath, io);
  try {
    if ((await listSources(store)).some((s) => s.name === name)) {
      throw new UserError(`The store already has a source named ${terminalSafe(name)}.`, `Give another --name, or remove it first: trail-trace source remove ${shellWord(name)}.`);
    }
    await addSource(store, { name, kind, settings: parsed.data });
    io.stdout.write(`Added source ${terminalSafe(name)}: ${terminalSafe(k.describe(parsed.data as never))}\n`);
    io.stdout.write(`Traces fetch what the store lacks from it with --fetch, e.g. trail-trace from-event EVENT-ID --fetch${db ? ` --db ${shellWord(storePath)}` : ''}\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

export async function runSourceAddAthena(o: SourceAddAthenaValues, io: Io): Promise<number> {
  const region = o.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  if (!region) throw new UserError('An Athena table belongs to a region, and none is given.', 'Give --region (the region of the Athena table).');
  const settings = {
    region, catalog: o.catalog, database: o.database, table: o.table, workgroup: o.workgroup, output: o.output, profile: o.profile,
    managementAccounts: accountsOption(o.managementAccounts),
  };
  // The table is read once (no cost: nothing is scanned) so that a wrong name fails now, not mid-incident.
  const readTable = async (s: AthenaSettings) => {
    const aws = await awsSettings({ region: s.region, ...(s.profile ? { profile: s.profile } : {}) }, io.env, terminalMfaPrompt(), 'athena');
    const client = new AthenaClient(clientConfig(aws, 'athena', s.region));
    try {
      const now = new Date();
      const plan = await new AthenaSource({
        client, region: s.region, target: { catalog: s.catalog, database: s.database, table: s.table },
        window: { from: now, to: now }, downloadDir: '', onStatus: () => undefined, command: 'source add athena',
      }).plan();
      for (const note of plan.notes) io.stderr.write(`note: ${terminalSafe(note)}\n`);
    } finally {
      client.destroy();
    }
  };
  return add('athena', o.name ?? `athena-${o.database}.${o.table}`, settings, o.db, io, readTable as (s: never) => Promise<void>);
}

export async function runSourceAddS3(o: SourceAddS3Values, io: Io): Promise<number> {
  const bucket = /^s3:\/\/([^/]+)/.exec(o.url)?.[1] ?? 'bucket';
  const settings = { url: o.url, region: o.region, profile: o.profile, endpointUrl: o.endpointUrl, managementAccounts: accountsOption(o.managementAccounts) };
  return add('s3', o.name ?? `s3-${bucket}`, settings, o.db, io);
}

export async function runSourceAddLookup(o: SourceAddLookupValues, io: Io): Promise<number> {
  const aws = await awsSettings({ ...(o.region ? { region: o.region } : {}), ...(o.profile ? { profile: o.profile } : {}) }, io.env, terminalMfaPrompt(), 'cloudtrail');
  // Event history answers for the credentials' own account: which one is asked now, once.
  const account = await callerAccount(aws, 'source add lookup');
  if (o.account && o.account !== account) {
    throw new UserError(`These credentials are for account ${account}, not ${o.account}: Event history answers only for the caller's own account.`, `Use credentials in ${o.account}: --profile NAME.`, EXIT.aws);
  }
  const regions = regionsOption(o.regions) ?? (await enabledRegions(aws));
  return add('lookup', o.name ?? `lookup-${account}`, { account, regions, profile: o.profile, region: o.region }, o.db, io);
}

export async function runSourceAddFiles(o: SourceAddFilesValues, io: Io): Promise<number> {
  const folder = path.resolve(o.path);
  const awsLogs = path.basename(folder) === 'AWSLogs' ? folder : path.join(folder, 'AWSLogs');
  if (!existsSync(awsLogs)) {
    throw new UserError(`${terminalSafe(folder)} holds no AWSLogs/ folder.`, 'Give the folder that holds AWSLogs/ (as `aws s3 sync s3://BUCKET/ FOLDER` leaves it), or AWSLogs/ itself.', EXIT.notFound);
  }
  return add('files', o.name ?? `files-${path.basename(folder === awsLogs ? path.dirname(folder) : folder)}`, { path: folder, managementAccounts: accountsOption(o.managementAccounts) }, o.db, io);
}

/** A kind's window command, with --db when the user named the store. */
export function windowCommandFor(kind: SourceKind<unknown>, settings: unknown, from: string, to: string, db: string | undefined): string {
  const command = kind.windowCommand(settings, from, to);
  return db ? command.replace(/^trail-trace ingest \S+/, (head) => `${head} --db ${shellWord(db)}`) : command;
}

export async function runSourceList(o: SourceListValues, io: Io): Promise<number> {
  const storePath = storePathFrom(o.db, io.env);
  const store = await openStoreTelling(storePath, io, { readOnly: true });
  try {
    const sources = await listSources(store);
    if (o.format === 'json') {
      io.stdout.write(`${JSON.stringify({ sources: sources.map((s) => ({ name: s.name, kind: s.kind, settings: parseSettings(s.settings) ?? null, addedAt: s.addedAt })) }, null, 2)}\n`);
      return EXIT.ok;
    }
    if (sources.length === 0) {
      io.stdout.write(`The store ${storePath} keeps no sources. Add one with trail-trace source add athena|s3|lookup|files (trail-trace source add --help).\n`);
      return EXIT.ok;
    }
    for (const s of sources) {
      const usable = kindOfStored(s);
      const what = usable ? usable.kind.describe(usable.settings) : `${s.kind} (settings this version cannot use: remove the source and add it again)`;
      io.stdout.write(`${terminalSafe(s.name)}  ${terminalSafe(what)}  (added ${s.addedAt})\n`);
      // What a scope or a report's Scope needs is a whole window: the command that loads one from here.
      if (usable) io.stdout.write(`  load a whole window: ${terminalSafe(windowCommandFor(usable.kind, usable.settings, 'FROM', 'TO', o.db ? storePath : undefined))}\n`);
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

export async function runSourceRemove(o: SourceRemoveValues, io: Io): Promise<number> {
  const storePath = storePathFrom(o.db, io.env);
  const store = await openStoreTelling(storePath, io);
  try {
    if (!(await removeSource(store, o.name))) {
      const names = (await listSources(store)).map((s) => terminalSafe(s.name));
      throw new UserError(`The store has no source named ${terminalSafe(o.name)}.`, names.length ? `Its sources: ${names.join(', ')}.` : 'It keeps no sources.', EXIT.notFound);
    }
    io.stdout.write(`Removed source ${terminalSafe(o.name)}. The events fetched from it stay in the store.\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
