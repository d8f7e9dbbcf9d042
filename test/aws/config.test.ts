// AWS settings resolved as the AWS CLI resolves them: region precedence and named profiles.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { awsSettings } from '../../src/aws/config.js';
import { EXIT, UserError } from '../../src/errors.js';
import { removeDir, suiteDir } from '../helpers/temp.js';

const dir = suiteDir();
afterAll(() => removeDir(dir));
const config = path.join(dir, 'config');
const credentials = path.join(dir, 'credentials');
writeFileSync(config, ['[default]', 'region = ap-south-1', '', '[profile investigator]', 'region = eu-west-1', '', '[profile no-region]', 'output = json', ''].join('\n'));
writeFileSync(credentials, '[keys-only]\naws_access_key_id = AKIAEXAMPLEEXAMPLE01\naws_secret_access_key = not-a-real-secret\n');
const files = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };
const prompt = async () => '000000';

async function regionOf(options: { profile?: string; region?: string }, env: Record<string, string>) {
  return (await awsSettings(options, { ...files, ...env }, prompt, 's3')).region;
}

describe('awsSettings', () => {
  it('takes the region from --region, AWS_REGION, AWS_DEFAULT_REGION, then the profile, in that order', async () => {
    const all = { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'ca-central-1' };
    expect(await regionOf({ region: 'sa-east-1', profile: 'investigator' }, all)).toBe('sa-east-1');
    expect(await regionOf({ profile: 'investigator' }, all)).toBe('us-west-2');
    expect(await regionOf({ profile: 'investigator' }, { AWS_DEFAULT_REGION: 'ca-central-1' })).toBe('ca-central-1');
    expect(await regionOf({ profile: 'investigator' }, {})).toBe('eu-west-1');
    expect(await regionOf({}, { AWS_PROFILE: 'investigator' })).toBe('eu-west-1');
    expect(await regionOf({}, {})).toBe('ap-south-1');
    expect(await regionOf({ profile: 'no-region' }, {})).toBeUndefined();
  });

  it('takes a profile that is only in the credentials file', async () => {
    expect((await awsSettings({ profile: 'keys-only' }, files, prompt, 's3')).profile).toBe('keys-only');
  });

  it('says a profile does not exist, naming those that do, before any call', async () => {
    const err = await awsSettings({ profile: 'investigatr' }, files, prompt, 's3').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(`There is no AWS profile named investigatr in ${config} or ${credentials}.`);
    expect((err as UserError).hint).toBe('Profiles there: default, investigator, keys-only, no-region.');
    expect((err as UserError).exitCode).toBe(EXIT.usage);
    const fromEnv = await awsSettings({}, { ...files, AWS_PROFILE: 'gone' }, prompt, 's3').catch((e: unknown) => e);
    expect((fromEnv as UserError).message).toMatch(/^There is no AWS profile named gone \(from AWS_PROFILE\)/);
  });

  it('escapes a profile name before it reaches the terminal', async () => {
    const err = await awsSettings({ profile: 'evil\u001b]0;pwned\u0007' }, files, prompt, 's3').catch((e: unknown) => e);
    expect((err as UserError).message).not.toMatch(/[\u0000-\u001f]/); // eslint-disable-line no-control-regex
  });
});
