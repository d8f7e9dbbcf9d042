// The terminal UI's reducer, keys and loads as plain functions: no React, no store. The trace is
// the hand-built cross-account chain of the report's tests (alice → Deploy, one hop).

import { describe, expect, it } from 'vitest';
import type { TimelineEntry, TimelinePage } from '../../src/tui/data.js';
import { actionForKey, keyPresses, type KeyPress } from '../../src/tui/keys.js';
import { detailLines, detailRows, PAGE_SIZE, timelineRows, type Size } from '../../src/tui/layout.js';
import { loadsNeeded, pageNeeded, type Load } from '../../src/tui/loads.js';
import { SCOPE_PAGE } from '../../src/tui/scope-layout.js';
import { initialState, reduce, topScreen, type Action, type CredentialScreen, type State, type TimelineScreen } from '../../src/tui/state.js';
import type { CallSummary, Scope, ScopeCredential } from '../../src/trace/scope-model.js';
import { crossAccountActivity, crossAccountTrace } from '../helpers/incidents.js';

const SIZE: Size = { columns: 80, rows: 23 };
const trace = crossAccountTrace();
const ROWS = timelineRows(SIZE);
const COVERAGE = { accounts: ['111111111111'], regions: ['us-east-1'], from: '2025-12-30T00:00:00Z', to: '2026-01-02T00:00:00Z', events: 10, loadedFrom: [] };

function run(state: State, ...actions: Action[]): State {
  return actions.reduce(reduce, state);
}

/** Key presses as the App feeds them: each through actionForKey, then the reducer. */
function press(state: State, ...keys: (string | KeyPress)[]): State {
  return keys.reduce<State>((s, k) => {
    const action = typeof k === 'string' ? actionForKey(s, k, {}) : actionForKey(s, '', k);
    return action ? reduce(s, action) : s;
  }, state);
}

function entries(offset: number, count: number): TimelineEntry[] {
  const template = crossAccountActivity()[2]!;
  return Array.from({ length: count }, (_, i) => ({
    event: { ...template, eventId: `call-${offset + i}` },
    callIds: [`call-${offset + i}`], actor: 'hop 1', otherCredential: false, roles: [], write: false, sensitive: null,
  }));
}

function page(offset: number, total: number): TimelinePage {
  return { offset, total, entries: entries(offset, Math.max(0, Math.min(PAGE_SIZE, total - offset))) };
}

/** The chain of the target traced, with hop 1 selected. */
function chainShown(): State {
  const s = initialState(SIZE, { eventId: trace.target.eventId });
  return run(s, { type: 'traced', screenId: topScreen(s).id, trace }, { type: 'move', delta: 1 });
}

/** Hop 1's timeline opened and its first page (of `total`) arrived. */
function timelineShown(total = 1_000): State {
  const s = run(chainShown(), { type: 'enter' });
  const top = topScreen(s) as TimelineScreen;
  return run(s, { type: 'timeline-page', screenId: top.id, version: top.version, page: page(0, total) });
}

describe('screens and Esc', () => {
  it('opens on the start screen without an event id, and asks for coverage', () => {
    const s = initialState(SIZE);
    expect(topScreen(s).kind).toBe('start');
    expect(loadsNeeded(s)).toEqual([{ kind: 'start', screenId: 0, all: false }]);
  });

  it('m asks for every group worth tracing, m again for the first of each kind; an answer for the other list is dropped', () => {
    const loadedCapped = reduce(initialState(SIZE), { type: 'start-loaded', coverage: COVERAGE, worth: [], all: false });
    const more = press(loadedCapped, 'm');
    expect(more.start).toBeNull();
    expect(loadsNeeded(more)).toEqual([{ kind: 'start', screenId: 0, all: true }]);
    // The capped answer arriving late does not stand in for the full list.
    expect(reduce(more, { type: 'start-loaded', coverage: COVERAGE, worth: [], all: false }).start).toBeNull();
    expect(reduce(more, { type: 'start-loaded', coverage: COVERAGE, worth: [], all: true }).start?.all).toBe(true);
    expect(loadsNeeded(press(more, 'm'))).toEqual([{ kind: 'start', screenId: 0, all: false }]);
  });

  it('with an event id: traces it; Esc goes back to the start screen, and no further', () => {
    const s = initialState(SIZE, { eventId: 'evt-1' });
    expect(loadsNeeded(s)).toEqual([{ kind: 'trace', screenId: 1, eventId: 'evt-1' }]);
    const back = press(s, { escape: true });
    expect(back.stack.map((x) => x.kind)).toEqual(['start']);
    expect(press(back, { escape: true }, { backspace: true }, { delete: true }).stack).toHaveLength(1);
  });

  it('an event the store does not hold: the chain screen says so and asks nothing more', () => {
    const s = initialState(SIZE, { eventId: 'nope' });
    const missing = run(s, { type: 'traced', screenId: 1, trace: null });
    expect(topScreen(missing)).toMatchObject({ kind: 'chain', missing: true });
    expect(loadsNeeded(missing)).toEqual([]);
  });

  it('chain: the selection stays on the items (target, hop, origin); Enter on a hop opens its session\'s timeline', () => {
    const s = press(chainShown(), 'j', 'j', 'j', 'j');
    expect(topScreen(s)).toMatchObject({ kind: 'chain', selected: 2 });
    const timeline = press(chainShown(), { return: true });
    expect(topScreen(timeline)).toMatchObject({ kind: 'timeline', member: { kind: 'hop', index: 0 }, cursor: 0, total: null });
    expect(loadsNeeded(timeline).map((l) => l.kind)).toEqual(['page', 'services']);
    expect(press(chainShown(), 'k', { return: true }).stack.at(-1)).toMatchObject({ kind: 'detail', eventId: trace.target.eventId });
    expect(press(chainShown(), 'G', { return: true }).stack.at(-1)).toMatchObject({ kind: 'timeline', member: { kind: 'origin' } });
    expect(press(chainShown(), 'a').stack.at(-1)).toMatchObject({ kind: 'timeline', member: { kind: 'all' } });
  });

  it('t traces the selected event: a hop\'s minting call, a timeline\'s call, the record shown', () => {
    const fromHop = press(chainShown(), 't');
    expect(topScreen(fromHop)).toMatchObject({ kind: 'chain', eventId: 'issue-owner-copy', trace: null });
    const fromTimeline = press(timelineShown(), 'j', 't');
    expect(topScreen(fromTimeline)).toMatchObject({ kind: 'chain', eventId: 'call-1' });
    const fromRecord = press(timelineShown(), { return: true }, 't');
    expect(topScreen(fromRecord)).toMatchObject({ kind: 'chain', eventId: 'call-0' });
    expect(press(initialState(SIZE), 't').message).toMatch(/Nothing to trace/);
  });
});

describe('timeline', () => {
  it('moves a line, a page, to the ends; the rows on screen follow the cursor', () => {
    let s = press(timelineShown(), 'j', { downArrow: true });
    expect(topScreen(s)).toMatchObject({ cursor: 2, top: 0 });
    s = press(s, { pageDown: true });
    expect(topScreen(s)).toMatchObject({ cursor: 2 + ROWS, top: 3 });
    s = press(s, 'G');
    expect(topScreen(s)).toMatchObject({ cursor: 999, top: 1000 - ROWS });
    s = press(s, 'g', { upArrow: true });
    expect(topScreen(s)).toMatchObject({ cursor: 0, top: 0 });
  });

  it('asks for the page around the rows on screen once they leave the window held, never all of them', () => {
    const s = press(timelineShown(100_000), 'G');
    const top = topScreen(s) as TimelineScreen;
    expect(pageNeeded(top, ROWS)).toEqual({ offset: 100_000 - PAGE_SIZE, limit: PAGE_SIZE });
    const middle = { ...top, top: 50_000, cursor: 50_000 };
    expect(pageNeeded(middle, ROWS)).toEqual({ offset: 50_000 - Math.floor((PAGE_SIZE - ROWS) / 2), limit: PAGE_SIZE });
    expect(pageNeeded(topScreen(timelineShown(100_000)) as TimelineScreen, ROWS)).toBeNull();
    // The page arrives: the cursor stays, the window moves.
    const arrived = run(s, { type: 'timeline-page', screenId: top.id, version: top.version, page: page(100_000 - PAGE_SIZE, 100_000) });
    expect(topScreen(arrived)).toMatchObject({ cursor: 99_999, page: { offset: 100_000 - PAGE_SIZE } });
    expect(loadsNeeded(arrived).filter((l) => l.kind === 'page')).toEqual([]);
  });

  it('a filter starts the list again at the top, and a page asked for under the old filters is dropped', () => {
    const s = press(timelineShown(), 'j', 'j', 'w');
    const top = topScreen(s) as TimelineScreen;
    expect(top).toMatchObject({ filters: { writesOnly: true }, cursor: 0, total: null, page: null, version: 1 });
    const stale = run(s, { type: 'timeline-page', screenId: top.id, version: 0, page: page(0, 5) });
    expect(topScreen(stale)).toMatchObject({ total: null });
    const both = press(s, 'e');
    expect((topScreen(both) as TimelineScreen).filters).toMatchObject({ writesOnly: true, errorsOnly: true });
    expect((topScreen(press(both, 'c')) as TimelineScreen).filters).toMatchObject({ writesOnly: false, errorsOnly: false, service: null, text: '' });
  });

  it('s steps through the timeline\'s services, then back to all', () => {
    const s = timelineShown();
    const top = topScreen(s) as TimelineScreen;
    const withServices = run(s, { type: 'services', screenId: top.id, services: [{ service: 'iam.amazonaws.com', calls: 9 }, { service: 's3.amazonaws.com', calls: 2 }] });
    const service = (x: State) => (topScreen(x) as TimelineScreen).filters.service;
    expect(service(press(withServices, 's'))).toBe('iam.amazonaws.com');
    expect(service(press(withServices, 's', 's'))).toBe('s3.amazonaws.com');
    expect(service(press(withServices, 's', 's', 's'))).toBeNull();
  });

  it('/ searches: the prompt takes printable text only, Backspace erases, Enter applies, Esc cancels', () => {
    let s = press(timelineShown(), '/');
    expect(s.prompt).toEqual({ kind: 'search', text: '' });
    s = press(s, 'q', 'x', '\u001b[2J', 'ab\r\u202ec', { backspace: true });
    expect(s.prompt?.text).toBe('qx[2Jab');
    expect(s.quit).toBe(false);
    const applied = press(s, { return: true });
    expect(applied.prompt).toBeNull();
    expect((topScreen(applied) as TimelineScreen).filters.text).toBe('qx[2Jab');
    expect((topScreen(press(s, { escape: true })) as TimelineScreen).filters.text).toBe('');
    // On the chain, a search opens the timeline of all sessions with it.
    const fromChain = press(chainShown(), '/', 'CreateAccessKey', { return: true });
    expect(topScreen(fromChain)).toMatchObject({ kind: 'timeline', member: { kind: 'all' }, filters: { text: 'CreateAccessKey' } });
  });
});

describe('record, prompt, help, report', () => {
  const record = JSON.stringify({ eventID: 'call-0', lines: Array.from({ length: 60 }, (_, i) => `line ${i}`), userAgent: 'needle' });

  it('the record scrolls within its lines and / finds the next line holding the text', () => {
    let s = press(timelineShown(), { return: true });
    const top = topScreen(s);
    expect(loadsNeeded(s)).toEqual([{ kind: 'record', screenId: top.id, eventId: 'call-0' }]);
    s = run(s, { type: 'record', screenId: top.id, record, copies: [] });
    const last = detailLines({ record, reveal: false, copies: [] }, SIZE).length - detailRows(SIZE);
    expect(last).toBe(66 - 19);
    s = press(s, 'G');
    expect(topScreen(s)).toMatchObject({ scroll: last });
    s = press(s, 'g', { pageDown: true });
    expect(topScreen(s)).toMatchObject({ scroll: 19 });
    // "needle" is on the last line but one: the view scrolls as far as it can towards it.
    s = press(s, 'g', '/', 'NEEDLE', { return: true });
    expect(topScreen(s)).toMatchObject({ scroll: last });
    expect(press(s, '/', 'no such text', { return: true }).message).toBe('Not in this record: no such text');
  });

  it('above the record, another copy of the event that differs: where it came from and each field, log text escaped; / finds it', () => {
    const copies = [{
      location: 's3://trail/AWSLogs/o-1/111111111111/CloudTrail/us-east-1/2026/03/09/x.json.gz', index: 4, sha256: 'ab'.repeat(32),
      differences: [
        { field: 'sourceIPAddress', used: '198.51.100.7', other: '192.0.2.66' },
        { field: 'userAgent', used: 'aws-cli/2.15.30', other: 'evil\u001b[2J' },
        { field: 'errorCode', used: null, other: 'AccessDenied' },
      ],
    }];
    let s = press(timelineShown(), { return: true });
    s = run(s, { type: 'record', screenId: topScreen(s).id, record, copies });
    const lines = detailLines(topScreen(s) as Parameters<typeof detailLines>[0], { columns: 200, rows: 24 });
    expect(lines.slice(0, 5)).toEqual([
      '! another copy of this event differs: s3://trail/AWSLogs/o-1/111111111111/CloudTrail/us-east-1/2026/03/09/x.json.gz record 4',
      '  sourceIPAddress: "198.51.100.7" here, "192.0.2.66" in that copy',
      '  userAgent: "aws-cli/2.15.30" here, "evil\\x1b[2J" in that copy',
      '  errorCode: absent here, "AccessDenied" in that copy',
      ' ',
    ]);
    expect(lines[5]).toBe('{');
    expect(press(s, '/', 'AccessDenied', { return: true }).message).toBeNull();
  });

  it('the record masks session tokens and secrets until x, and / does not find a masked value', () => {
    const token = 'IQoJb3JpZ2luX2VjEXAMPLEsessionTOKEN';
    const secret = JSON.stringify({
      eventID: 'call-0',
      requestParameters: { roleArn: 'arn:aws:iam::111111111111:role/R', password: 'hunter2' },
      responseElements: { credentials: { accessKeyId: 'ASIAEXAMPLE', sessionToken: token, secretAccessKey: 'HIDDEN_DUE_TO_SECURITY_REASONS' } },
    });
    const shown = (st: State) => detailLines(topScreen(st) as Parameters<typeof detailLines>[0], SIZE).join('\n');
    let s = press(timelineShown(), { return: true });
    s = run(s, { type: 'record', screenId: topScreen(s).id, record: secret, copies: [] });
    expect(shown(s)).not.toContain(token);
    expect(shown(s)).not.toContain('hunter2');
    expect(shown(s)).toContain(`"sessionToken": "•••• masked, ${token.length} characters (x reveals)"`);
    // CloudTrail's own placeholder and the key id stay as they are.
    expect(shown(s)).toContain('"secretAccessKey": "HIDDEN_DUE_TO_SECURITY_REASONS"');
    expect(shown(s)).toContain('"accessKeyId": "ASIAEXAMPLE"');
    expect(press(s, '/', 'IQoJ', { return: true }).message).toBe('Not in this record: IQoJ');
    s = press(s, 'x');
    expect(shown(s)).toContain(`"sessionToken": "${token}"`);
    expect(shown(s)).toContain('"password": "hunter2"');
    expect(press(s, '/', 'IQoJ', { return: true }).message).toBeNull();
    expect(shown(press(s, 'x'))).not.toContain(token);
    // x elsewhere does nothing.
    expect(press(timelineShown(), 'x')).toEqual(timelineShown());
  });

  it('a load that fails shows why on its screen and is not asked again', () => {
    const s = press(timelineShown(), { return: true });
    const failed = run(s, { type: 'failed', message: 'The store could not answer: kept copy missing', screenId: topScreen(s).id });
    expect(topScreen(failed)).toMatchObject({ kind: 'detail', error: 'The store could not answer: kept copy missing' });
    expect(loadsNeeded(failed)).toEqual([]);
    expect(loadsNeeded(press(failed, { escape: true })).map((l) => l.kind)).toEqual(['services']);
  });

  it('i traces an event id typed or pasted; an empty one does nothing', () => {
    const s = press(initialState(SIZE), 'i', ' 3f1c2a9e-0b1d ', { return: true });
    expect(topScreen(s)).toMatchObject({ kind: 'chain', eventId: '3f1c2a9e-0b1d' });
    expect(press(initialState(SIZE), 'i', { return: true }).stack).toHaveLength(1);
    expect(press(initialState(SIZE), '/').prompt).toEqual({ kind: 'event-id', text: '' });
  });

  it('? opens the help; any key closes it without acting, q quits', () => {
    const s = press(chainShown(), '?');
    expect(s.help).toBe(true);
    const closed = press(s, 'j');
    expect(closed.help).toBe(false);
    expect(topScreen(closed)).toMatchObject({ selected: 1 });
    expect(press(s, 'q').quit).toBe(true);
    expect(press(chainShown(), 'q').quit).toBe(true);
  });

  it('r asks for the report of the chain shown, once; before any trace it says what to do', () => {
    expect(press(initialState(SIZE), 'r')).toMatchObject({ report: null, message: expect.stringMatching(/Trace an event first/) });
    const s = press(timelineShown(), 'r');
    expect(s.report?.trace).toBe(trace);
    expect(loadsNeeded(s)[0]).toMatchObject({ kind: 'report', query: { trace } });
    const done = run(s, { type: 'reported', path: '/cases/incident-target-1.md' });
    expect(done).toMatchObject({ report: null, message: 'Report written to /cases/incident-target-1.md' });
  });

  it('a smaller window keeps the selected call in view', () => {
    const s = press(timelineShown(), 'G');
    const small = run(s, { type: 'resize', size: { columns: 80, rows: 23 } });
    const big = run(s, { type: 'resize', size: { columns: 120, rows: 50 } });
    expect(topScreen(small)).toMatchObject({ cursor: 999, top: 1000 - ROWS });
    expect(topScreen(run(big, { type: 'resize', size: SIZE }))).toMatchObject({ cursor: 999, top: 1000 - ROWS });
  });
});

describe('key chunks', () => {
  it('keys sent faster than read are split: j then Enter; a paste stays whole for the prompt', () => {
    expect(keyPresses('j\r', {})).toEqual([{ input: 'j', key: {} }, { input: '', key: { return: true } }]);
    expect(keyPresses('3f1c-2a9e', {})).toEqual([{ input: '3f1c-2a9e', key: {} }]);
    expect(keyPresses('[A', { upArrow: true })).toEqual([{ input: '[A', key: { upArrow: true } }]);
  });
});

describe('scope', () => {
  const credential = (id: string, parent: string | null, calls: number): ScopeCredential => ({
    id, parent, kind: parent ? 'role-session' : 'long-term-key', accessKeyId: `AKIA${id.toUpperCase()}`, arn: null, accountId: '111111111111', principalId: null,
    createdAt: null, link: parent ? 'access-key' : null, confidence: parent ? 'exact' : null, evidence: [], findings: [],
    issuedBy: parent ? { eventId: `mint-${id}`, eventName: 'AssumeRole', eventTime: '2026-01-01T00:00:00Z', accountId: '111111111111', region: 'us-east-1', copies: [], sourceIPAddress: null } : null,
    activity: { calls, failed: 0, firstUse: null, lastUse: null, firstEventId: null, accounts: [], regions: [], ips: [], userAgents: [], top: [], deniedBursts: [] },
  });
  const change = (eventId: string) => ({
    eventId, eventTime: '2026-01-01T00:00:01Z', call: 'iam:CreateUser', accountId: '111111111111', region: 'us-east-1', by: 'c2', succeeded: true, errorCode: null,
    tactic: 'persistence' as const, technique: 'T1136.003', resource: { type: 'AWS::IAM::User', id: 'mallory', arn: null }, meaning: 'Created an IAM user.', undo: null,
  });
  /** c1 minted c2 (1,000 calls, 2 changes) and c3. */
  const scope: Scope = {
    schema: 'trail-trace/scope@1', start: { kind: 'event', value: trace.target.eventId }, window: { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' },
    credentials: [credential('c1', null, 3), credential('c2', 'c1', 1_000), credential('c3', 'c1', 0)], changes: [change('chg-1'), change('chg-2')], eviction: [], warnings: [],
  };
  const calls = (from: number, count: number): CallSummary[] => Array.from({ length: count }, (_, i) => ({
    cred: 'c2', eventId: `call-${from + i}`, eventTime: `2026-01-01T00:${String(Math.floor((from + i) / 60) % 60).padStart(2, '0')}:${String((from + i) % 60).padStart(2, '0')}Z`,
    eventSource: 'iam.amazonaws.com', eventName: 'ListRoles', accountId: '111111111111', region: 'us-east-1', errorCode: null, sourceIp: null, userAgent: null, accessKeyId: null,
  }));
  type ScopeCallsLoad = Extract<Load, { kind: 'scope-calls' }>;
  const callLoads = (st: State) => loadsNeeded(st).filter((l): l is ScopeCallsLoad => l.kind === 'scope-calls');
  /** The answer to a scope-calls load: the page of calls it asks for. */
  const answer = (st: State, load: ScopeCallsLoad) =>
    run(st, { type: 'scope-calls', screenId: load.screenId, page: load.page, limit: load.limit, calls: calls(load.page * SCOPE_PAGE, Math.min(SCOPE_PAGE, 1_000 - load.page * SCOPE_PAGE)) });

  /** S on the chain, the scope arrived, c2 (the second row of the tree) expanded. */
  function credentialShown(): State {
    const s = press(chainShown(), 'S');
    return press(run(s, { type: 'scoped', screenId: topScreen(s).id, scope }), 'j', { return: true });
  }

  it('S on the chain scopes its target event; on the start screen, the selected row\'s; elsewhere it says where it works', () => {
    const s = press(chainShown(), 'S');
    expect(topScreen(s)).toMatchObject({ kind: 'scope', eventId: trace.target.eventId, scope: null });
    expect(loadsNeeded(s)).toEqual([{ kind: 'scope', screenId: topScreen(s).id, eventId: trace.target.eventId }]);
    const worth = { kind: 'logging' as const, why: 'CloudTrail logging stopped', eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', caller: null, accountId: null, region: null, events: 1, firstTime: '', lastTime: '', eventId: 'stop-1', ofKind: 1 };
    const start = reduce(initialState(SIZE), { type: 'start-loaded', coverage: COVERAGE, worth: [worth], all: false });
    expect(topScreen(press(start, 'S'))).toMatchObject({ kind: 'scope', eventId: 'stop-1' });
    expect(press(timelineShown(), 'S').message).toMatch(/S scopes a chain/);
    expect(press(initialState(SIZE, { eventId: 'evt-1' }), 'S').message).toMatch(/S scopes a chain/);
  });

  it('the tree: rows in tree order then the eviction row; Enter expands a credential or opens the checklist; t traces a credential\'s making call', () => {
    const s = press(chainShown(), 'S');
    const scoped = run(s, { type: 'scoped', screenId: topScreen(s).id, scope });
    expect(topScreen(press(scoped, 'G', 'j'))).toMatchObject({ kind: 'scope', selected: 3 });
    expect(topScreen(press(scoped, 'G', { return: true }))).toMatchObject({ kind: 'eviction', scroll: 0 });
    expect(topScreen(press(scoped, 'j', 'j', { return: true }))).toMatchObject({ kind: 'credential', credentialId: 'c3', calls: { total: 0 } });
    expect(loadsNeeded(press(scoped, 'j', 'j', { return: true }))).toEqual([]);
    expect(topScreen(press(scoped, 'j', 't'))).toMatchObject({ kind: 'chain', eventId: 'mint-c2' });
    // A scope that arrives for a screen since closed changes nothing.
    expect(run(press(s, { escape: true }), { type: 'scoped', screenId: topScreen(s).id, scope }).stack.map((x) => x.kind)).toEqual(['start', 'chain']);
  });

  it('a credential\'s calls: the first page from the start; going to the last walks the pages, each after the one before, holding only what is on screen', () => {
    let s = credentialShown();
    expect(topScreen(s)).toMatchObject({ kind: 'credential', credentialId: 'c2', cursor: 0, calls: { total: 1_000, starts: [null], pages: [] } });
    let [load] = callLoads(s);
    expect(load).toMatchObject({ credentialId: 'c2', page: 0, after: null, limit: SCOPE_PAGE });
    s = answer(s, load!);
    expect(callLoads(s)).toEqual([]);
    // Enter on a change opens its record; on a call, the call's.
    expect(topScreen(press(s, { return: true }))).toMatchObject({ kind: 'detail', eventId: 'chg-1' });
    expect(topScreen(press(s, 'j', 'j', { return: true }))).toMatchObject({ kind: 'detail', eventId: 'call-0' });

    s = press(s, 'G');
    expect(topScreen(s)).toMatchObject({ cursor: 2 + 999 });
    const asked: (CallSummary['eventId'] | null)[] = [];
    for (let guard = 0; guard < 10 && callLoads(s).length > 0; guard++) {
      load = callLoads(s)[0]!;
      asked.push(load.after?.eventId ?? null);
      s = answer(s, load);
    }
    // Pages 1 to 4, each after the last call of the page before; page 0 was not asked again.
    expect(asked).toEqual(['call-199', 'call-399', 'call-599', 'call-799']);
    const shown = topScreen(s) as CredentialScreen;
    expect(shown.calls.pages.map((p) => p.index)).toEqual([4]);
    expect(topScreen(press(s, { return: true }))).toMatchObject({ kind: 'detail', eventId: 'call-999' });
    // Back to the top: page 0 again, from the start.
    expect(callLoads(press(s, 'g'))).toEqual([expect.objectContaining({ page: 0, after: null })]);
  });

  it('a short page is the last: the count is corrected, and the cursor stays on the list', () => {
    let s = press(credentialShown(), 'G');
    const [load] = callLoads(s);
    s = run(s, { type: 'scope-calls', screenId: load!.screenId, page: 0, limit: SCOPE_PAGE, calls: calls(0, 150) });
    expect(topScreen(s)).toMatchObject({ cursor: 2 + 149, calls: { total: 150 } });
    expect(callLoads(s)).toEqual([]);
  });
});

describe('f: fetch what the chain lacks (the UI started with --fetch)', () => {
  /** The chain shown in a UI that can fetch. */
  function fetchable(): State {
    const s = initialState(SIZE, { eventId: trace.target.eventId, canFetch: true });
    return run(s, { type: 'traced', screenId: topScreen(s).id, trace });
  }

  it('without --fetch, f says how to turn fetching on and asks for nothing', () => {
    const s = press(chainShown(), 'f');
    expect(s.fetch).toBeNull();
    expect(s.message).toMatch(/started with --fetch/);
    expect(loadsNeeded(s).some((l) => l.kind === 'fetch')).toBe(false);
  });

  it('f on a chain asks once for a fetch of its event; its lines show; the answer replaces the trace in place', () => {
    const s = press(fetchable(), 'f');
    const chain = topScreen(s);
    expect(s.fetch).toMatchObject({ screenId: chain.id, eventId: trace.target.eventId, cancelled: false });
    const load = loadsNeeded(s).find((l) => l.kind === 'fetch') as Extract<Load, { kind: 'fetch' }>;
    expect(load).toEqual({ kind: 'fetch', seq: s.fetch!.seq, screenId: chain.id, eventId: trace.target.eventId });
    // A second f while it runs starts nothing.
    expect(press(s, 'f').fetch).toEqual(s.fetch);
    const going = reduce(s, { type: 'fetch-line', seq: load.seq, line: 'fetch: the issuance of hop 1' });
    expect(going.fetch?.line).toBe('fetch: the issuance of hop 1');
    const retraced = { ...trace, warnings: ['not fetched, the budget being spent: …'] };
    const done = reduce(going, { type: 'fetched', seq: load.seq, screenId: chain.id, trace: retraced, cost: 'fetched: 2 questions asked of 1 source' });
    expect(done.fetch).toBeNull();
    expect(done.message).toBe('fetched: 2 questions asked of 1 source');
    expect((topScreen(done) as { trace: unknown }).trace).toBe(retraced);
    expect(loadsNeeded(done).some((l) => l.kind === 'fetch')).toBe(false);
  });

  it('Esc on the chain being fetched stops the fetch, and only a second Esc goes back', () => {
    const s = press(fetchable(), 'f');
    const stopping = press(s, { escape: true });
    expect(stopping.fetch?.cancelled).toBe(true);
    expect(stopping.stack).toHaveLength(s.stack.length);
    expect(press(stopping, { escape: true }).stack).toHaveLength(s.stack.length - 1);
  });

  it('a failed fetch is shown whole on its chain, and the next trace of it clears it', () => {
    const s = press(fetchable(), 'f');
    const stopped = reduce(s, { type: 'fetch-failed', seq: s.fetch!.seq, message: 'Stopped: the fetch was interrupted.', stopped: true });
    expect(stopped.message).toBe('Fetch stopped: what was fetched is stored; f goes on.');
    expect(topScreen(stopped)).not.toHaveProperty('fetchFailure');
    const failed = reduce(s, { type: 'fetch-failed', seq: s.fetch!.seq, message: 'The source files-org-trail could not be read: permission denied.' });
    expect(failed.fetch).toBeNull();
    expect(topScreen(failed)).toMatchObject({ fetchFailure: 'The source files-org-trail could not be read: permission denied.' });
    const again = press(failed, 'f');
    const done = reduce(again, { type: 'fetched', seq: again.fetch!.seq, screenId: topScreen(again).id, trace, cost: 'fetched' });
    expect(topScreen(done)).not.toHaveProperty('fetchFailure');
  });

  it('f on an event the store lacks asks its day first: a day searches on it, nothing searches Event history only, anything else is refused', () => {
    const s = initialState(SIZE, { eventId: 'evt-1', canFetch: true });
    const missing = reduce(s, { type: 'traced', screenId: topScreen(s).id, trace: null });
    const asked = press(missing, 'f');
    expect(asked.fetch).toBeNull();
    expect(asked.prompt).toEqual({ kind: 'fetch-day', text: '' });
    const onDay = press(asked, '2', '0', '2', '6', '-', '0', '3', '-', '1', '0', { return: true });
    expect(onDay.fetch).toMatchObject({ eventId: 'evt-1', day: '2026-03-10' });
    expect(loadsNeeded(onDay)).toContainEqual(expect.objectContaining({ kind: 'fetch', day: '2026-03-10' }));
    const lookupOnly = press(asked, { return: true });
    expect(lookupOnly.fetch).toMatchObject({ eventId: 'evt-1' });
    expect(lookupOnly.fetch).not.toHaveProperty('day');
    const wrong = press(asked, 'm', 'a', 'r', 'c', 'h', { return: true });
    expect(wrong.fetch).toBeNull();
    expect(wrong.message).toMatch(/Not a day: march/);
  });

  it('started with --fetch on an event: the fetch is asked for at once, and no plain trace beside it; an answer for an older fetch is dropped', () => {
    const s = initialState(SIZE, { eventId: 'evt-1', canFetch: true, fetchFirst: true });
    expect(loadsNeeded(s).map((l) => l.kind)).toEqual(['fetch']);
    // A plain trace arriving meanwhile (asked before the fetch began) does not stand in for the fetched one.
    expect(reduce(s, { type: 'traced', screenId: s.fetch!.screenId, trace }).stack.at(-1)).toMatchObject({ trace: null });
    expect(reduce(s, { type: 'fetch-line', seq: s.fetch!.seq + 1, line: 'other' }).fetch?.line).toBeNull();
    expect(initialState(SIZE, { eventId: 'evt-1', fetchFirst: true }).fetch).toBeNull();
  });

  it('while another process holds the store, the status line says who', () => {
    const waiting = reduce(chainShown(), { type: 'store-holder', holder: 'another process (node, PID 42)' });
    expect(waiting.storeHolder).toBe('another process (node, PID 42)');
    expect(reduce(waiting, { type: 'store-holder', holder: null }).storeHolder).toBeNull();
  });
});
