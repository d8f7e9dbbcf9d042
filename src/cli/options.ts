// The options several commands declare, and how sizes are written: light enough for the CLI's
// entry to load before it knows which command runs (commands themselves load only when they run).

import { UserError } from '../errors.js';
import bytes from 'bytes';
import { Option } from 'commander';

export const dbOption = () =>
  new Option('--db <file>', 'the store (DuckDB file); default $TRAIL_TRACE_DB or ./trail-trace.duckdb');

export const gapDirOption = () =>
  new Option('--gap-dir <dir>', 'where a gap\'s command downloads missing logs: a new folder per gap under this one; default $TRAIL_TRACE_GAP_DIR or the current folder');

export const ipRangesOption = () =>
  new Option('--aws-ip-ranges <file>', 'AWS\'s ip-ranges.json, downloaded by you: findings then say whether an address is AWS\'s; default $TRAIL_TRACE_AWS_IP_RANGES (never fetched)');

/** --profile, --region, --endpoint-url: the AWS options of every command that calls AWS. */
export const awsOptionList = () => [
  new Option('--profile <name>', 'AWS profile (~/.aws/config): SSO, role + MFA (prompted), keys; default: the SDK chain'),
  new Option('--region <region>', 'AWS region for the API calls; default: AWS_REGION or the profile\'s'),
  new Option('--endpoint-url <url>', 'send the command\'s API calls there (MinIO, LocalStack, tests); also AWS_ENDPOINT_URL[_S3|_CLOUDTRAIL|_ATHENA|_STS]'),
];

/** A size as the flags take and print it: 2GB, 16MB, 512KB (powers of 1024, as the `bytes` package reads them). */
export function sizeText(n: number): string {
  return bytes.format(n, { unitSeparator: '' }) ?? `${n}B`;
}

/** us-east-1, eu-central-2, us-gov-west-1… */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;
export const ACCOUNT_ID = /^\d{12}$/;

/**
 * A text option or argument as commander gives it, checked without a schema library (so that the
 * tracing commands start without loading one): trimmed when asked, refused when empty.
 */
export function textOption(value: unknown, flag: string, options: { required?: boolean; trim?: boolean; emptyMessage?: string } = {}): string | undefined {
  if (value === undefined || value === null) {
    if (options.required) throw new UserError(`${flag}: ${options.emptyMessage ?? 'required'}`);
    return undefined;
  }
  const text = options.trim ? String(value).trim() : String(value);
  if (text === '') throw new UserError(`${flag}: ${options.emptyMessage ?? 'must not be empty'}`);
  return text;
}
