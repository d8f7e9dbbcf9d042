// One large trail file for `npm run bench -- --one-file-mb N`: the records of the bench corpus's
// files, in order, as one {"Records":[…]} of about N MB of JSON (gzip), for the issue's "a single
// 1 GB trail file loads in under 1 GB of RSS".

import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createGzip, gunzipSync } from 'node:zlib';
import { once } from 'node:events';

function trailFiles(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) trailFiles(p, out);
    else if (p.endsWith('.json.gz')) out.push(p);
  }
  return out;
}

/** Writes DIR/one-<mb>MB.json.gz from the corpus's records; returns its path and record bytes. */
export async function writeOneFile(corpusLogs, dir, mb) {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `one-${mb}MB.json.gz`);
  const gzip = createGzip({ level: 1 });
  const out = createWriteStream(file);
  gzip.pipe(out);
  const write = async (text) => {
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  await write('{"Records":[');
  let bytes = 0;
  let first = true;
  for (const f of trailFiles(corpusLogs)) {
    const text = gunzipSync(readFileSync(f)).toString('utf8');
    const inner = text.slice(text.indexOf('[') + 1, text.lastIndexOf(']')).trim();
    if (inner === '') continue;
    await write(first ? inner : `,${inner}`);
    first = false;
    bytes += inner.length;
    if (bytes >= mb * 1e6) break;
  }
  gzip.end(']}');
  await once(out, 'close');
  return { file, bytes };
}
