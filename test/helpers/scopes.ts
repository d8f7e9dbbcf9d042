// The fixtures' expected scopes (fixtures/scopes.json, written by the fixture generator from the
// story, not by running the tool), for the scope's tests.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES } from './temp.js';

export interface ExpectedCredential {
  label: string;
  parent: string | null;
  kind: string;
  accessKeyId?: string;
  accessKeyIds?: string[];
  arn: string;
  issuedBy?: string;
  copies?: string[];
  passwordSetBy?: string;
  link?: string;
  confidence?: string;
}

export interface ExpectedScope {
  name: string;
  start: string;
  window: { from: string; to: string };
  expect: {
    credentials: ExpectedCredential[];
    calls: Record<string, number>;
    failed: Record<string, number>;
    changes: { eventId: string; call: string; by: string; succeeded: boolean; resourceId: string }[];
    notInScope: string[];
  };
}

export const expectedScopes: ExpectedScope[] = JSON.parse(readFileSync(path.join(FIXTURES, 'scopes.json'), 'utf8')).scopes;
