// How every AWS client of trail-trace is configured: the SDK's own credential chain (profiles,
// SSO, role + MFA with a prompt on the terminal), region, and endpoint overrides as the AWS CLI
// reads them. Credentials are only ever handed to the SDK: never printed, logged or stored.

import { createInterface } from 'node:readline/promises';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { loadSharedConfigFiles } from '@smithy/core/config';
import { awsCall } from './errors.js';
import { EXIT, UserError } from '../errors.js';
import { terminalSafe } from '../text/sanitize.js';

// The SDK warns on Node < 22 on every run; trail-trace pins SDK versions that support Node 20
// (package-lock.json), so the warning would only alarm users in the middle of an incident.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface AwsOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
}

export type AwsService = 's3' | 'cloudtrail' | 'athena' | 'sts' | 'account';

export type MfaPrompt = (mfaSerial: string) => Promise<string>;

export interface AwsSettings {
  credentials: ReturnType<typeof fromNodeProviderChain>;
  /** undefined: the SDK's own resolution (AWS_REGION, the profile's region). */
  region?: string;
  profile?: string;
  env: NodeJS.ProcessEnv;
  endpointFlag?: string;
  /** The service --endpoint-url is for (as with the AWS CLI, the command's own service only). */
  mainService: AwsService;
}

/** Asks for the MFA code on the terminal (stderr, so stdout stays clean for output). */
export function terminalMfaPrompt(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): MfaPrompt {
  return async (serial) => {
    if (!input.isTTY) {
      throw new UserError(
        `The profile needs an MFA code for ${serial}, and there is no terminal to ask for it.`,
        'Run the command in a terminal, or export temporary credentials first (e.g. `aws sts assume-role … --serial-number … --token-code …`).',
        EXIT.aws,
      );
    }
    const rl = createInterface({ input, output, terminal: true });
    try {
      return (await rl.question(`MFA code for ${serial}: `)).trim();
    } finally {
      rl.close();
    }
  };
}

/**
 * Credentials, region and endpoints as the AWS CLI resolves them: --profile, then AWS_PROFILE;
 * region from --region, AWS_REGION, AWS_DEFAULT_REGION, then the profile's `region`. A profile
 * named but in neither ~/.aws/config nor ~/.aws/credentials is an error that says so, before any
 * call (the SDK would only say it found no credentials).
 */
export async function awsSettings(options: AwsOptions, env: NodeJS.ProcessEnv, mfaPrompt: MfaPrompt, mainService: AwsService): Promise<AwsSettings> {
  const profile = options.profile || undefined;
  const named = profile ?? (env.AWS_PROFILE || undefined);
  const files = await loadSharedConfigFiles({
    ignoreCache: true,
    ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
    ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
  });
  if (named && !files.configFile[named] && !files.credentialsFile[named]) {
    const known = [...new Set([...Object.keys(files.configFile), ...Object.keys(files.credentialsFile)])].filter((p) => !p.includes('.')).sort();
    throw new UserError(
      `There is no AWS profile named ${terminalSafe(named)}${profile ? '' : ' (from AWS_PROFILE)'} in ${env.AWS_CONFIG_FILE || '~/.aws/config'} or ${env.AWS_SHARED_CREDENTIALS_FILE || '~/.aws/credentials'}.`,
      known.length > 0 ? `Profiles there: ${known.map((p) => terminalSafe(p)).join(', ')}.` : 'Create one with `aws configure --profile NAME` (or `aws configure sso`).',
      EXIT.usage,
    );
  }
  const profileRegion = files.configFile[named ?? 'default']?.region;
  return {
    credentials: fromNodeProviderChain({ ...(profile ? { profile } : {}), mfaCodeProvider: mfaPrompt }),
    region: options.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || profileRegion || undefined,
    profile,
    env,
    endpointFlag: options.endpointUrl || undefined,
    mainService,
  };
}

/** --endpoint-url (for the command's own service), then AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL (as the AWS CLI reads them). */
export function endpointFor(settings: AwsSettings, service: AwsService): string | undefined {
  const flag = service === settings.mainService ? settings.endpointFlag : undefined;
  const specific = settings.env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`];
  return flag || specific || settings.env.AWS_ENDPOINT_URL || undefined;
}

/** Options shared by every client: one place for credentials, region, endpoint and retries. */
export function clientConfig(settings: AwsSettings, service: AwsService, region?: string) {
  const endpoint = endpointFor(settings, service);
  return {
    credentials: settings.credentials,
    ...(region ?? settings.region ? { region: region ?? settings.region } : {}),
    ...(endpoint ? { endpoint } : {}),
    // Throttling and 5xx answers are retried with the SDK's exponential backoff and jitter.
    maxAttempts: 6,
  };
}

/** The account the credentials belong to (sts:GetCallerIdentity needs no permission). */
export async function callerAccount(settings: AwsSettings, command: string): Promise<string> {
  const client = new STSClient(clientConfig(settings, 'sts', settings.region ?? 'us-east-1'));
  try {
    const who = await awsCall({ action: 'sts:GetCallerIdentity', resource: 'the credentials', command }, () =>
      client.send(new GetCallerIdentityCommand({})),
    );
    if (!who.Account) throw new UserError('sts:GetCallerIdentity did not name an account.', undefined, EXIT.aws);
    return who.Account;
  } finally {
    client.destroy();
  }
}
