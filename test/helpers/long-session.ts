// A trail with one long session, for the terminal UI's paging: IAM user alice assumes Deploy,
// and the Deploy session makes `calls` calls (reads, writes, a few access-denied errors) one
// second apart; `noise` calls by someone else sit beside them. Ids are fixed.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiCall, assumeRole, iamUser, plusSeconds, roleSession } from './records.js';

const A = '111111111111';
const T0 = '2026-03-09T08:00:00Z';
const NAMES = [
  ['s3.amazonaws.com', 'GetObject', true], ['ec2.amazonaws.com', 'DescribeInstances', true],
  ['iam.amazonaws.com', 'ListRoles', true], ['s3.amazonaws.com', 'PutObject', false],
  ['kms.amazonaws.com', 'Decrypt', true], ['sts.amazonaws.com', 'GetCallerIdentity', true],
] as const;

export function longSessionId(n: number): string {
  return `10a65e55-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** Writes the trail under `root`; returns the eventID of the session's last call. */
export function writeLongSession(root: string, calls: number, noise = 0): { lastCall: string; assumeRole: string } {
  const alice = iamUser(A, 'alice', 'AKIAALICE10A65E55001');
  const key = 'ASIADEPLOY10A65E5501';
  const assume = assumeRole({ caller: alice, time: T0, recipient: A, roleAccount: A, role: 'Deploy', roleId: 'AROADEPLOY10A65E5500', session: 'long', issuedKey: key, duration: 43200, eventId: longSessionId(0), requestId: longSessionId(900_000_000) });
  const session = roleSession({ account: A, role: 'Deploy', roleId: 'AROADEPLOY10A65E5500', session: 'long', key, created: T0 });
  const bob = iamUser(A, 'bob', 'AKIABOB010A65E550001');
  const records: Record<string, unknown>[] = [assume];
  for (let i = 1; i <= calls; i++) {
    const [source, name, readOnly] = NAMES[i % NAMES.length]!;
    const record = { ...apiCall({ identity: session, time: plusSeconds(T0, i), account: A, source, name, region: 'us-east-1', eventId: longSessionId(i), requestId: longSessionId(500_000_000 + i) }), readOnly };
    records.push(i % 97 === 0 ? { ...record, errorCode: 'AccessDenied', errorMessage: 'not allowed' } : record);
  }
  for (let i = 1; i <= noise; i++) {
    records.push(apiCall({ identity: bob, time: plusSeconds(T0, i), account: A, region: 'us-east-1', eventId: longSessionId(300_000_000 + i), requestId: longSessionId(600_000_000 + i) }));
  }
  const folder = path.join(root, 'AWSLogs', A, 'CloudTrail', 'us-east-1', '2026', '03', '09');
  mkdirSync(folder, { recursive: true });
  // Files of 5,000 records, as CloudTrail delivers many small files.
  for (let f = 0; f * 5000 < records.length; f++) {
    const name = `${A}_CloudTrail_us-east-1_20260309T0800Z_long${String(f).padStart(8, '0')}.json`;
    writeFileSync(path.join(folder, name), JSON.stringify({ Records: records.slice(f * 5000, (f + 1) * 5000) }));
  }
  return { lastCall: longSessionId(calls), assumeRole: longSessionId(0) };
}
