// What a record's userAgent and sourceIPAddress say about who made the call: the client family,
// whether a person drives it, whether it is an agent or runtime that only runs inside a workload,
// and whether AWS itself made the call. Pure; used by the findings (src/trace/findings.ts).
//
// User agents are free text a caller chooses: these are hints that weigh with the network, never
// proof on their own, and every finding shows the value it read.

/** What a user agent says about its client. */
export interface Client {
  /** The first product token, lower case ("aws-cli", "boto3", "aws-sdk-go-v2"), "browser" or "console". */
  family: string;
  /** The operating system it names, when it names one. */
  os: 'macOS' | 'Windows' | 'Linux' | null;
  /** A client a person drives: the AWS CLI, a browser or the console, or anything on a desktop OS. */
  interactive: boolean;
  /**
   * An agent or runtime that only runs inside a workload: the SSM, ECS and CloudWatch agents, or an
   * AWS SDK reporting the Lambda or ECS execution environment (`exec-env/AWS_Lambda_…`, the
   * AWS_EXECUTION_ENV the SDKs add to their user agent).
   */
  workloadRuntime: boolean;
  /** "aws-cli on macOS", "a web browser on Windows", "amazon-ssm-agent": how the findings name it. */
  words: string;
}

const WORKLOAD_RUNTIME = [
  /amazon-ssm-agent/i,
  /\b(amazon-)?ecs-agent\b|\becs-init\b/i,
  /amazon-cloudwatch-agent|\bCWAgent\b/i,
  /aws-xray-daemon/i,
  /exec-env[/#]AWS_(Lambda|ECS)/i,
  /\bAWS_Lambda_/,
];

/** Named by the first agent they carry when a generic SDK token comes first. */
const AGENT_NAMES: [RegExp, string][] = [
  [/amazon-ssm-agent/i, 'amazon-ssm-agent'],
  [/amazon-cloudwatch-agent|\bCWAgent\b/i, 'amazon-cloudwatch-agent'],
  [/\b(amazon-)?ecs-agent\b/i, 'amazon-ecs-agent'],
];

function osOf(userAgent: string): Client['os'] {
  if (/darwin|macos|mac os x|macintosh/i.test(userAgent)) return 'macOS';
  if (/windows|win32|win64/i.test(userAgent)) return 'Windows';
  if (/linux/i.test(userAgent)) return 'Linux';
  return null;
}

function familyOf(userAgent: string): string {
  if (/^Mozilla\//.test(userAgent)) return 'browser';
  if (userAgent === 'console.amazonaws.com' || /aws-internal\/\d.*console|console.*aws-internal|^\[?S3Console/i.test(userAgent)) return 'console';
  const agent = AGENT_NAMES.find(([re]) => re.test(userAgent));
  if (agent) return agent[1];
  const token = /^\[?([^/\s(,[\]]+)/.exec(userAgent)?.[1] ?? userAgent;
  return token.toLowerCase();
}

/** What a user agent says; null for none. */
export function clientOf(userAgent: string | null | undefined): Client | null {
  if (!userAgent) return null;
  const family = familyOf(userAgent);
  const os = osOf(userAgent);
  const workloadRuntime = WORKLOAD_RUNTIME.some((re) => re.test(userAgent));
  const interactive = !workloadRuntime &&
    (family === 'aws-cli' || family === 'browser' || family === 'console' || family.startsWith('awspowershell') || os === 'macOS' || os === 'Windows');
  const name = family === 'browser' ? 'a web browser' : family === 'console' ? 'the AWS console' : family;
  return { family, os, interactive, workloadRuntime, words: os && family !== 'console' ? `${name} on ${os}` : name };
}

/**
 * Whether AWS itself made the call from inside its network: `AWS Internal`, or a service name in
 * place of an address (`lambda.amazonaws.com` for forward access sessions, spec §3.9).
 */
export function isAwsNetwork(sourceIp: string | null | undefined): boolean {
  if (!sourceIp) return false;
  return sourceIp === 'AWS Internal' || /^[a-z0-9.-]+\.amazonaws\.com$/i.test(sourceIp);
}
