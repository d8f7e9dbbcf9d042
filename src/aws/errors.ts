// AWS errors turned into errors a responder can act on (issue: "access denied names the missing
// permission and the command that needed it; a wrong bucket, region or table says which; no
// credentials says how to provide them"). AWS's own message is kept, escaped, for the details
// it carries (which principal, which policy).

import { EXIT, UserError } from '../errors.js';
import { terminalSafe } from '../text/sanitize.js';

export interface AwsCallContext {
  /** The IAM action the call needs, e.g. "s3:ListBucket". */
  action: string;
  /** What it was called on, e.g. "s3://bucket/prefix" or "us-east-1". */
  resource: string;
  /** The trail-trace command, e.g. "ingest s3". */
  command: string;
  /** The bucket, for S3 calls. */
  bucket?: string;
}

interface AwsLikeError {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

const CREDENTIALS_HINT =
  'Use --profile NAME (a profile in ~/.aws/config; `aws sso login --profile NAME` first for SSO), or export AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.';

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AllAccessDisabled', 'Forbidden']);
const BAD_CREDENTIALS = new Set([
  'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'ExpiredTokenException', 'UnrecognizedClientException',
  'InvalidClientTokenId', 'InvalidSignatureException', 'TokenRefreshRequired',
]);

function nameOf(err: AwsLikeError): string {
  return err.name || err.Code || err.code || 'Error';
}

function detail(err: AwsLikeError): string {
  const text = terminalSafe((err.message ?? '').split('\n')[0] ?? '').slice(0, 300);
  return text ? ` AWS said: ${text}` : '';
}

export function isAccessDenied(err: unknown): boolean {
  const e = err as AwsLikeError;
  return ACCESS_DENIED.has(nameOf(e)) || (e?.$metadata?.httpStatusCode === 403 && !BAD_CREDENTIALS.has(nameOf(e)));
}

export function isThrottling(err: unknown): boolean {
  const name = nameOf(err as AwsLikeError);
  return /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/i.test(name) || (err as AwsLikeError)?.$metadata?.httpStatusCode === 429;
}

/** A UserError for what the user can fix; undefined when the error is not one of those. */
export function userErrorFromAws(err: unknown, ctx: AwsCallContext): UserError | undefined {
  if (err instanceof UserError) return err;
  const e = err as AwsLikeError;
  const name = nameOf(e);
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(e?.message ?? '')) {
    return new UserError(`No AWS credentials found for trail-trace ${ctx.command}.${detail(e)}`, CREDENTIALS_HINT, EXIT.aws);
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new UserError(`AWS rejected the credentials (${name}) when calling ${ctx.action} for trail-trace ${ctx.command}.${detail(e)}`,
      `They may have expired: refresh them (\`aws sso login\`, a new MFA session) and run the command again. ${CREDENTIALS_HINT}`, EXIT.aws);
  }
  if (isAccessDenied(e)) {
    return new UserError(
      `Access denied: trail-trace ${ctx.command} needs ${ctx.action} on ${terminalSafe(ctx.resource)}.${detail(e)}`,
      'Grant that action to the identity you use (README, "Permissions" has the read-only policy), or pick another with --profile.',
      EXIT.aws,
    );
  }
  if (name === 'NoSuchBucket') {
    return new UserError(`There is no bucket named ${terminalSafe(ctx.bucket ?? ctx.resource)} (NoSuchBucket), or it is in another AWS partition.`, 'Check the bucket name: it is the trail\'s S3 bucket, e.g. s3://my-org-trail-bucket.', EXIT.notFound);
  }
  if (isThrottling(e)) {
    return new UserError(
      `AWS kept throttling ${ctx.action} (${name}) after the SDK's retries.${detail(e)}`,
      'Something else is using the same request budget; run the same command again later (what was loaded is kept), or with a lower --concurrency.',
      EXIT.aws,
    );
  }
  const sys = (e as { code?: string })?.code;
  if (sys === 'ECONNREFUSED' || sys === 'ENOTFOUND' || sys === 'EAI_AGAIN' || sys === 'ETIMEDOUT' || name === 'TimeoutError') {
    return new UserError(`Cannot reach AWS for ${ctx.action} (${sys ?? name}).${detail(e)}`, 'Check the network, --region and --endpoint-url / AWS_ENDPOINT_URL.', EXIT.aws);
  }
  // Any other answer from an AWS service is AWS's to explain, not a trail-trace bug.
  if (e?.$metadata) {
    return new UserError(
      `AWS answered ${name} to ${ctx.action} on ${terminalSafe(ctx.resource)}${e.$metadata.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : ''}.${detail(e)}`,
      'Run the same command again (what was loaded is kept); if it persists, the message above is AWS\'s.',
      EXIT.aws,
    );
  }
  return undefined;
}

/** Runs an AWS call; errors a user can fix come back as UserError, others unchanged. */
export async function awsCall<T>(ctx: AwsCallContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw userErrorFromAws(err, ctx) ?? err;
  }
}
