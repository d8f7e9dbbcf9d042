// A real S3-protocol server (s3rver) on loopback, in its own process, for the S3 ingest tests.
//   node --openssl-legacy-provider test/helpers/s3rver-child.cjs <dir> '<rules JSON>'
// Prints {"port":N} on stdout once listening.
//
// Two things about s3rver 3.7.1 on Node 20 are mended here, both outside the protocol:
// - its continuation tokens are DES-encrypted, which OpenSSL 3 only offers with the legacy
//   provider (hence the flag above), so ListObjectsV2 paging works;
// - its filesystem store prunes folders below a delimiter before seeing their objects, so
//   `Delimiter: '/'` listings found no CommonPrefixes for nested keys; listObjects is replaced
//   by a plain walk with S3's delimiter semantics.
// Rules (test-only): {"deny": ["substring of bucket/key", …]} answers reads with 403 AccessDenied, as an
// IAM or KMS refusal would; {"slowDown": n} answers the first n object reads (and listings) with
// 503 SlowDown, as S3 does past its request rate; GET /__stats returns the requests seen, to check
// what was fetched.

const S3rver = require('s3rver');
const FilesystemStore = require('s3rver/lib/stores/filesystem');
const S3Object = require('s3rver/lib/models/object');
const fs = require('fs');
const path = require('path');

const [dir, rulesText] = process.argv.slice(2);
const rules = JSON.parse(rulesText || '{}');
const stats = { gets: {}, lists: 0 };

/** Every key under the folder of `prefix` (its part up to the last '/'): a listing walks only that subtree. */
function keysUnder(root, prefix) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('._S3rver_object')) out.push(path.relative(root, p).split(path.sep).join('/').slice(0, -'._S3rver_object'.length));
    }
  };
  const start = path.join(root, ...prefix.slice(0, prefix.lastIndexOf('/') + 1).split('/').filter(Boolean));
  // A prefix with '..' in it names no folder outside the bucket.
  const inside = start === root || start.startsWith(root + path.sep);
  if (inside && fs.existsSync(start) && fs.statSync(start).isDirectory()) walk(start);
  return out.sort();
}

FilesystemStore.prototype.listObjects = async function listObjects(bucket, options) {
  const { delimiter = '', startAfter = '', prefix = '', maxKeys = Infinity } = options;
  const keys = [];
  const commonPrefixes = new Set();
  let isTruncated = false;
  for (const key of keysUnder(this.getBucketPath(bucket), prefix)) {
    if (key <= startAfter || !key.startsWith(prefix)) continue;
    if (delimiter) {
      const idx = key.slice(prefix.length).indexOf(delimiter);
      if (idx !== -1) {
        commonPrefixes.add(key.slice(0, prefix.length + idx + 1));
        continue;
      }
    }
    if (keys.length < maxKeys) keys.push(key);
    else {
      isTruncated = true;
      break;
    }
  }
  const objects = [];
  for (const key of keys) {
    const metadata = await this.getMetadata(bucket, key).catch(() => undefined);
    if (metadata) objects.push(new S3Object(bucket, key, null, metadata));
  }
  return { objects, commonPrefixes: [...commonPrefixes].sort(), isTruncated };
};

const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
// First in the chain: stats and test rules, before s3rver's own routes.
server.middleware.unshift(async (ctx, next) => {
  if (ctx.path === '/__stats') {
    ctx.body = stats;
    return;
  }
  const target = decodeURIComponent(ctx.path.replace(/^\//, ''));
  if (ctx.method === 'GET' && ctx.querystring.includes('list-type')) stats.lists += 1;
  else if (ctx.method === 'GET') stats.gets[target] = (stats.gets[target] || 0) + 1;
  if (ctx.method === 'GET' && target.includes('/') === false && !ctx.querystring.includes('list-type')) {
    // bucket-level requests other than listings: not throttled
  } else if (ctx.method === 'GET' && (stats.slowedDown || 0) < (rules.slowDown || 0)) {
    stats.slowedDown = (stats.slowedDown || 0) + 1;
    ctx.status = 503;
    ctx.type = 'application/xml';
    ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';
    return;
  }
  if ((ctx.method === 'GET' || ctx.method === 'HEAD') && (rules.deny || []).some((d) => target.includes(d))) {
    ctx.status = 403;
    ctx.type = 'application/xml';
    ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
    return;
  }
  await next();
});

server.run().then(({ port }) => {
  process.stdout.write(JSON.stringify({ port }) + '\n');
});
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
