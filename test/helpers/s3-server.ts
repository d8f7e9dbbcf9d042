// Starts the loopback S3 server (s3rver, in a child process) and seeds buckets with the real SDK.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { filesUnder } from './files.js';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

export interface S3TestServer {
  endpoint: string;
  client: S3Client;
  /** Uploads every file under localDir to bucket, keyed by its path below localDir (after keyPrefix). */
  seed(bucket: string, localDir: string, keyPrefix?: string): Promise<string[]>;
  put(bucket: string, key: string, body: Uint8Array | string): Promise<void>;
  stats(): Promise<{ gets: Record<string, number>; lists: number; slowedDown?: number }>;
  stop(): Promise<void>;
}

/** Credentials the tests hand the SDK through the environment (s3rver's defaults). */
export const TEST_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
};

export async function startS3Server(rules: { deny?: string[]; slowDown?: number } = {}): Promise<S3TestServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'trail-trace-s3rver-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--openssl-legacy-provider', path.join(import.meta.dirname, 's3rver-child.cjs'), dir, JSON.stringify(rules)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const buckets = new Set<string>();
  const ensureBucket = async (bucket: string) => {
    if (buckets.has(bucket)) return;
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    buckets.add(bucket);
  };
  const put = async (bucket: string, key: string, body: Uint8Array | string) => {
    await ensureBucket(bucket);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  };
  return {
    endpoint,
    client,
    put,
    async seed(bucket, localDir, keyPrefix = '') {
      const keys: string[] = [];
      for (const file of filesUnder(localDir)) {
        const key = keyPrefix + path.relative(localDir, file).split(path.sep).join('/');
        await put(bucket, key, readFileSync(file));
        keys.push(key);
      }
      return keys;
    },
    async stats() {
      // A fresh connection each time: a kept-alive one may be closed by the server under our feet.
      return new Promise((resolve, reject) => {
        get(`${endpoint}/__stats`, { agent: false }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve(JSON.parse(body) as { gets: Record<string, number>; lists: number }));
        }).on('error', reject);
      });
    },
    async stop() {
      client.destroy();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
