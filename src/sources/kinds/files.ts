// A folder holding a trail's AWSLogs/ tree as a source: a bucket mounted on the machine, or a copy
// too big to load whole. A question reads only the account, region and delivery-day folders that
// can hold its answer, and in them the files delivered from the window's start on (the S3 rule,
// src/trace/awslogs.ts deliveryTime), loaded like `ingest files` loads them.

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { shellWord } from '../../text/shell.js';
import { FilesSource } from '../../ingest/sources/files.js';
import { deliveryDays, deliveryTime, DIGEST_FOLDER, isAccountFolder, isOrgFolder, LOG_FOLDER } from '../../trace/awslogs.js';
import { accountsFor, regionsFor, type FetchCost, type SourceKind } from '../registry.js';

export const filesSettings = z.object({
  /** An absolute path: the folder holding AWSLogs/ (or AWSLogs/ itself). */
  path: z.string().min(1).refine((p) => path.isAbsolute(p), 'an absolute path'),
  managementAccounts: z.array(z.string().regex(/^\d{12}$/)).min(1).optional(),
});
export type FilesSettings = z.infer<typeof filesSettings>;

/** The names in a folder (none when it is not there or cannot be read: the folder holds nothing asked for). */
async function names(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() || e.isFile()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

/** The account folders under AWSLogs/: <account>/ and <o-id>/<account>/. */
async function accountFolders(awsLogs: string): Promise<{ account: string; dir: string }[]> {
  const out: { account: string; dir: string }[] = [];
  for (const name of await names(awsLogs)) {
    if (isAccountFolder(name)) out.push({ account: name, dir: path.join(awsLogs, name) });
    else if (isOrgFolder(name)) {
      for (const account of await names(path.join(awsLogs, name))) {
        if (isAccountFolder(account)) out.push({ account, dir: path.join(awsLogs, name, account) });
      }
    }
  }
  return out;
}

export const filesKind: SourceKind<FilesSettings> = {
  kind: 'files',
  title: 'a folder holding an AWSLogs/ tree',
  settings: filesSettings,
  // A folder is loaded whole (ingest files reads every file given): point it at the days wanted.
  windowCommand: (s) => `trail-trace ingest files ${shellWord(s.path)}`,
  describe: (s) => `folder ${s.path}${s.managementAccounts ? `, management accounts ${s.managementAccounts.join(', ')}` : ''}`,
  async open(name, s) {
    const awsLogs = path.basename(s.path) === 'AWSLogs' ? s.path : path.join(s.path, 'AWSLogs');
    return {
      name,
      kind: 'files',
      cannotAnswer: () => null,
      async answer(q) {
        const accounts = accountsFor(q, s.managementAccounts);
        const from = Date.parse(q.window.from);
        const fromMinute = Math.floor(from / 60_000) * 60_000;
        const days = deliveryDays(from, Date.parse(q.window.to));
        const files: string[] = [];
        let read = 0;
        for (const a of await accountFolders(awsLogs)) {
          if (accounts && !accounts.includes(a.account)) continue;
          for (const folder of [LOG_FOLDER, DIGEST_FOLDER]) {
            const regions = regionsFor(q) ?? (await names(path.join(a.dir, folder)));
            for (const region of regions) {
              for (const day of days) {
                const dir = path.join(a.dir, folder, region, ...day.split('/'));
                read += 1;
                for (const file of await names(dir)) {
                  const delivered = deliveryTime(file);
                  if (delivered === undefined || delivered >= fromMinute) files.push(path.join(dir, file));
                }
              }
            }
          }
        }
        const how = `folders: ${read} account/region/day folder(s) under ${awsLogs} read, ${files.length} file(s) delivered from ${q.window.from} on`;
        const listing = files.length ? await new FilesSource(files).list() : null;
        // Files read count as objects, against --max-objects as S3's do.
        return { how, listing, download: { objects: listing?.total.files ?? 0, bytes: listing?.total.bytes ?? 0 } };
      },
      cost: (): FetchCost => ({ bytesScanned: 0, bytesDownloaded: 0, objects: 0, requests: 0 }),
      close: () => undefined,
    };
  },
};
