// Calls a person made through something else: an AI agent through the AWS MCP Server, or the AWS
// CLI after `aws login`. The chain says whose session it was; these say what acted with it.
//
// AWS MCP Server (AWS Agent Toolkit guide, "Logging AWS MCP Server API calls using AWS CloudTrail";
// AWS Sign-In User Guide, "AWS MCP Server"; real captures in engseclabs/trailtool and
// adletgamer/AvisoAndino, 2026):
// - the API call the agent caused: `userIdentity.invokedBy`, `sourceIPAddress` and `userAgent`
//   all `aws-mcp.amazonaws.com`, and under OAuth `sessionContext.signInSessionArn`;
// - the tool call: `eventType AwsMcpEvent`, `eventSource aws-mcp.amazonaws.com`, its user agent the
//   agent's client (`claude-code/2.1.202 (cli)`), `additionalEventData.downstreamRequests[].requestId`
//   equal to the API call's `requestID` (the exact join; the tool call may be logged a second later);
// - the grant: signin `CreateOAuth2Token` whose `requestParameters.resource` names the MCP server and
//   whose `additionalEventData.signInSessionArn` the API call carries. AWS now writes
//   signInSessionArn on ordinary sessions too: only a grant to an MCP server makes it an agent's.
//
// `aws login` (AWS Security Blog, "Simplified developer access to AWS with 'aws login'", 2025-11): a
// console session authorises the CLI in the browser (AuthorizeOAuth2Access) and the CLI takes
// credentials (CreateOAuth2Token, client_id arn:aws:signin:::devtools/…). The CLI's calls keep the
// console session's principal and creationDate with a key of their own; no id joins them to the
// grant, so the grant is named as evidence, not as a link.

import { clientOf } from './clients.js';
import type { TimeWindow, TraceLookups, Whereabouts } from './lookups.js';
import type { Finding, Trace, TrailEvent } from './model.js';
import { formatIso, HOUR, SECOND, toMs } from './time.js';

const MCP_SERVICE = 'aws-mcp.amazonaws.com';
/** OAuth access to the MCP server lasts up to 12 hours through refreshes (AWS Agent Toolkit guide). */
const GRANT_LOOKBACK_MS = 12 * HOUR;

/** The client an MCP tool call names last in its user agent: "claude-code", "cursor-vscode". */
export function agentClient(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const tokens = [...userAgent.matchAll(/([A-Za-z][\w.-]*)\/[\w.#+-]+/g)].map((m) => m[1]!);
  return tokens.at(-1) ?? clientOf(userAgent)?.family ?? null;
}

/** The latest OAuth grant to an MCP server of this sign-in session by this principal, before `t`. */
async function mcpGrant(target: TrailEvent, signInSessionArn: string, lookups: TraceLookups): Promise<TrailEvent | undefined> {
  const t = toMs(target.eventTime);
  const grants = await lookups.signInEvents({ from: formatIso(t - GRANT_LOOKBACK_MS), to: formatIso(t + 5 * SECOND) }, target.identity.arn);
  return grants
    .filter((g) => g.eventName === 'CreateOAuth2Token' && g.oauthGrant?.signInSessionArn === signInSessionArn && (g.oauthGrant.resource ?? '').includes('aws-mcp'))
    .at(-1);
}

/** Where the MCP Server's tool call behind `target` is logged: the same account and region, minutes around it. */
function mcpWindow(target: TrailEvent): [TimeWindow, Whereabouts] {
  const t = toMs(target.eventTime);
  const window = { from: formatIso(t - 5 * 60 * SECOND), to: formatIso(t + 5 * 60 * SECOND) };
  const account = target.recipientAccountId ?? target.identity.accountId;
  return [window, { accounts: account ? [account] : null, regions: target.region ? [target.region] : null, window }];
}

/** `acted-via-agent`: the target was made by the AWS MCP Server for an agent, with what says so. */
export async function agentFindings(trace: Trace, target: TrailEvent, lookups: TraceLookups): Promise<Finding[]> {
  if (target.identity.invokedBy !== MCP_SERVICE) return [];
  const toolCall = target.requestId
    ? (await lookups.mcpToolCalls(...mcpWindow(target)))
      .find((c) => c.mcpToolCall?.downstreamRequestIds.includes(target.requestId!))
    : undefined;
  const signInSessionArn = target.identity.signInSessionArn ?? toolCall?.identity.signInSessionArn;
  const grant = signInSessionArn ? await mcpGrant(target, signInSessionArn, lookups) : undefined;
  const client = agentClient(toolCall?.userAgent);
  const who = trace.origin?.description ?? trace.hops[0]?.session.arn ?? target.identity.arn ?? 'the caller';
  const via = `${client ?? 'an MCP client'}, via the AWS MCP Server`;
  const how = toolCall
    ? `tool ${toolCall.mcpToolCall?.tool ?? '?'} (tool call ${toolCall.eventId}, from ${toolCall.sourceIPAddress ?? '?'}) made this call`
    : 'the call names the AWS MCP Server as its maker, and the tool call that made it is not in the store';
  const granted = grant
    ? `; the agent was given access by ${grant.eventName} ${grant.eventId} at ${grant.eventTime} (sign-in session ${signInSessionArn})`
    : signInSessionArn ? `; the grant of sign-in session ${signInSessionArn} is not in the store` : '';
  return [{
    kind: 'acted-via-agent',
    hop: 0,
    accessKeyId: trace.hops[0]?.session.accessKeyId ?? target.identity.accessKeyId ?? null,
    observed: {
      ip: toolCall?.sourceIPAddress ?? null,
      userAgent: toolCall?.userAgent ?? null,
      eventId: toolCall?.eventId ?? target.eventId,
      time: toolCall?.eventTime ?? target.eventTime,
      vpcEndpointId: null,
      awsRange: null,
    },
    expected: { ips: [], userAgents: [], vpcEndpoints: [] },
    // The tool call naming this request is an exact join; the MCP marker alone says less.
    strength: toolCall ? 'strong' : 'weak',
    why: `${who} acting through an AI agent (${via}): ${how}${granted}.`,
    calls: 1,
    first: target.eventTime,
    last: target.eventTime,
    includesTarget: true,
    sharedWith: [],
    basis: toolCall ? 'mcp-tool-call' : 'invoked-by',
    ipRanges: 'not given',
    agent: {
      client,
      toolCall: toolCall?.eventId ?? null,
      tool: toolCall?.mcpToolCall?.tool ?? null,
      grant: grant?.eventId ?? null,
      signInSessionArn: signInSessionArn ?? null,
    },
  }];
}

/**
 * The `aws login` grant behind a CLI call made with a console session's credentials: the latest
 * CreateOAuth2Token to the AWS CLI (client_id devtools) by the same session (principal ARN and
 * creationDate) before the call; null when there is none or the call came from the console itself.
 */
export async function awsLoginGrant(use: TrailEvent, lookups: TraceLookups): Promise<TrailEvent | null> {
  const created = use.identity.creationDate;
  const client = clientOf(use.userAgent);
  if (!created || !use.identity.arn || !client || client.family === 'console' || client.family === 'browser') return null;
  const grants = await lookups.signInEvents({ from: created, to: formatIso(toMs(use.eventTime) + 5 * SECOND) }, use.identity.arn);
  return grants
    .filter((g) => g.eventName === 'CreateOAuth2Token' && (g.oauthGrant?.clientId ?? '').includes(':devtools/') && g.identity.creationDate === created)
    .at(-1) ?? null;
}
