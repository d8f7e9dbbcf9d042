// What acted with a person's session (src/trace/agents.ts): an AI agent through the AWS MCP Server
// (acted-via-agent), and the AWS CLI after `aws login` (the hop names the grant). Record shapes
// from the real captures cited in agents.ts.

import { describe, expect, it } from 'vitest';
import { agentClient } from '../../src/trace/agents.js';
import type { Trace, TrailEvent } from '../../src/trace/model.js';
import { walk } from '../../src/trace/walk.js';
import { eventsOf, memoryLookups } from '../helpers/memory-lookups.js';
import { apiCall, assumeRole, iamUser, plusSeconds, roleSession, uuid } from '../helpers/records.js';

const A = '111111111111';
const T0 = '2026-07-14T18:09:35Z';
const SESSION_ARN = `arn:aws:signin:us-east-1:${A}:session/a90e1d90-b08a-4ecf-ac06-e45576d13b98`;
const ADMIN = { account: A, role: 'Admin', roleId: 'AROAADMIN00000000001', session: 'alex', created: T0 };

async function traceOf(records: Record<string, unknown>[], targetId: string): Promise<Trace> {
  const events = eventsOf(records);
  return walk(events.find((e) => e.eventId === targetId) as TrailEvent, memoryLookups(events));
}

/** alex's role session (assumed with his long-term key), as a given key signs it, with the sign-in session. */
function session(key: string, withSignIn = true): Record<string, unknown> {
  const s = roleSession({ ...ADMIN, key });
  if (withSignIn) (s.sessionContext as Record<string, unknown>).signInSessionArn = SESSION_ARN;
  return s;
}

const issue = assumeRole({ caller: iamUser(A, 'alex', 'AKIAALEX000000000001'), time: T0, recipient: A, roleAccount: A, role: 'Admin', roleId: 'AROAADMIN00000000001', session: 'alex', issuedKey: 'ASIAALEXCONSOLE00001' });

function grant(): Record<string, unknown> {
  return {
    ...apiCall({ identity: session('ASIAALEXCONSOLE00001', false), time: plusSeconds(T0, 16), account: A, source: 'signin.amazonaws.com', name: 'CreateOAuth2Token', region: 'us-east-1', userAgent: 'Bun/1.4.0' }),
    requestParameters: { resource: 'https://aws-mcp.us-east-1.api.aws/mcp', client_id: `arn:aws:signin:us-east-1::external-client/dcr/${uuid()}` },
    additionalEventData: { signInSessionArn: SESSION_ARN, grant_type: 'authorization_code', success: 'true' },
    // From alex's laptop, where he made the session (assumeRole's address).
    sourceIPAddress: '198.51.100.7',
  };
}

/** The API call the MCP server made for the agent, and the tool call that names it. */
function agentCall(): { api: Record<string, unknown>; tool: Record<string, unknown> } {
  const requestId = uuid();
  const identity = { ...session('ASIAALEXMCP000000001'), invokedBy: 'aws-mcp.amazonaws.com' };
  const api = { ...apiCall({ identity, time: plusSeconds(T0, 773), account: A, source: 'iam.amazonaws.com', name: 'ListUsers', region: 'us-east-1', requestId }), sourceIPAddress: 'aws-mcp.amazonaws.com', userAgent: 'aws-mcp.amazonaws.com' };
  const tool = {
    ...apiCall({ identity: session('ASIAALEXCONSOLE00001'), time: plusSeconds(T0, 774), account: A, source: 'aws-mcp.amazonaws.com', name: 'CallReadWriteTool', region: 'us-east-1', userAgent: 'claude-code/2.1.202 (cli)' }),
    eventType: 'AwsMcpEvent',
    sourceIPAddress: '198.51.100.7',
    requestParameters: { jsonrpc: '2.0', method: 'tools/call', id: 2, params: { name: 'aws___call_aws' } },
    additionalEventData: { downstreamRequests: [{ apiName: 'iam:ListUsers', requestId, awsRegion: 'us-east-1' }] },
  };
  return { api, tool };
}

describe('acted-via-agent', () => {
  it('names the agent\'s client, its tool call and the grant, strong when the tool call names the request', async () => {
    const { api, tool } = agentCall();
    const g = grant();
    const t = await traceOf([issue, g, tool, api], api.eventID as string);
    const agent = t.findings.filter((f) => f.kind === 'acted-via-agent');
    expect(agent).toHaveLength(1);
    expect(agent[0]).toMatchObject({
      strength: 'strong', basis: 'mcp-tool-call', hop: 0, includesTarget: true,
      observed: { eventId: tool.eventID, userAgent: 'claude-code/2.1.202 (cli)', ip: '198.51.100.7' },
      agent: { client: 'claude-code', tool: 'aws___call_aws', toolCall: tool.eventID, grant: g.eventID, signInSessionArn: SESSION_ARN },
    });
    expect(agent[0]!.why).toContain('IAM user alex (long-term access key AKIAALEX000000000001) acting through an AI agent (claude-code, via the AWS MCP Server)');
    // AWS acting for the session is not "used elsewhere".
    expect(t.findings.filter((f) => f.kind === 'credential-used-elsewhere')).toEqual([]);
  });

  it('is weak when the tool call is not in the store, and says so', async () => {
    const { api } = agentCall();
    const t = await traceOf([issue, grant(), api], api.eventID as string);
    expect(t.findings).toMatchObject([{ kind: 'acted-via-agent', strength: 'weak', basis: 'invoked-by', agent: { client: null, toolCall: null } }]);
    expect(t.findings[0]!.why).toContain('the tool call that made it is not in the store');
  });

  it('is no agent\'s call when the MCP server did not make it, whatever sign-in session it carries', async () => {
    const call = apiCall({ identity: session('ASIAALEXCONSOLE00001'), time: plusSeconds(T0, 60), account: A, userAgent: 'aws-cli/2.34.30 md/command#s3.ls' });
    const t = await traceOf([issue, grant(), call], call.eventID as string);
    expect(t.findings.filter((f) => f.kind === 'acted-via-agent')).toEqual([]);
  });

  it('reads the agent\'s client last in the tool call\'s user agent', () => {
    expect(agentClient('claude-code/2.1.202 (cli)')).toBe('claude-code');
    expect(agentClient('python-httpx/0.28.1 mcp-proxy-for-aws/1.7.0 cursor-vscode/1.0.0')).toBe('cursor-vscode');
    expect(agentClient(null)).toBeNull();
  });
});

describe('aws login', () => {
  it('names the CreateOAuth2Token by which the AWS CLI took the console session\'s credentials', async () => {
    // The console session signs with per-request keys; the CLI's calls keep its principal and creationDate.
    const cliGrant: Record<string, unknown> = {
      ...apiCall({ identity: session('ASIAALEXCONSOLE00001', false), time: plusSeconds(T0, 34), account: A, source: 'signin.amazonaws.com', name: 'CreateOAuth2Token', region: 'us-east-1', userAgent: 'aws-cli/2.32.0 md/command#login' }),
      requestParameters: { client_id: 'arn:aws:signin:::devtools/same-device' },
      additionalEventData: { success: 'true' },
    };
    const cliCall = apiCall({ identity: session('ASIAALEXCLI000000001', false), time: plusSeconds(T0, 500), account: A, userAgent: 'aws-cli/2.32.0 md/command#iam.list-users' });
    const t = await traceOf([issue, cliGrant, cliCall], cliCall.eventID as string);
    expect(t.hops[0]).toMatchObject({ link: 'principal-and-creation-time', vendedBy: { eventId: cliGrant.eventID, eventName: 'CreateOAuth2Token' } });
    expect(t.hops[0]!.evidence.at(-1)).toContain('credentials handed to the AWS CLI by aws login: CreateOAuth2Token');
  });
});
