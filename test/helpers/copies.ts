// A small incident with conflicting copies (issue 17, point 4): a trail file holds an AssumeRole and
// the call its session made; a SIEM export holds other copies of both, which differ (another source
// IP, a hostile user agent), with the export's wrapper fields and its own key order.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { apiCall, assumeRole, iamUser, roleSession } from './records.js';

export const COPIES_TARGET = '7a1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f71';
export const COPIES_ISSUING = '7a1c2a9e-0b1d-4c6e-9f1a-2b3c4d5e6f72';
/** The user agent of the export's copy of the target: clears the screen if sent raw. */
export const COPIES_HOSTILE_AGENT = 'evil/1.0 \u001b[2J\u001b[31mpwned';

const CREATED = '2026-03-09T10:00:00Z';

function records() {
  const issuing = assumeRole({
    caller: iamUser('111111111111', 'alice', 'AKIAALICE00000000001'), time: CREATED, recipient: '111111111111',
    roleAccount: '111111111111', role: 'Deploy', roleId: 'AROADEPLOY0000000001', session: 'deploy-1',
    issuedKey: 'ASIADEPLOY0000000001', eventId: COPIES_ISSUING, requestId: 'req-issuing',
  });
  const target = apiCall({
    identity: roleSession({ account: '111111111111', role: 'Deploy', roleId: 'AROADEPLOY0000000001', session: 'deploy-1', key: 'ASIADEPLOY0000000001', created: CREATED }),
    time: '2026-03-09T10:05:00Z', account: '111111111111', name: 'DeleteBucket', eventId: COPIES_TARGET, requestId: 'req-target',
  });
  return { issuing, target };
}

/** Writes trail.json.gz and export.ndjson into `dir`; returns their paths. */
export function writeConflictingCopies(dir: string): { trail: string; exported: string } {
  mkdirSync(dir, { recursive: true });
  const { issuing, target } = records();
  const siem = (r: Record<string, unknown>, change: Record<string, unknown>) =>
    JSON.stringify(Object.fromEntries([['@timestamp', '2026-03-09T10:06:00.000Z'], ['@version', '1'], ...Object.entries({ ...r, ...change }).reverse()]));
  const trail = path.join(dir, 'trail.json.gz');
  const exported = path.join(dir, 'export.ndjson');
  writeFileSync(trail, gzipSync(JSON.stringify({ Records: [issuing, target] })));
  writeFileSync(exported, `${siem(target, { sourceIPAddress: '192.0.2.66', userAgent: COPIES_HOSTILE_AGENT })}\n${siem(issuing, { sourceIPAddress: '192.0.2.66' })}\n`);
  return { trail, exported };
}
