// The scope view of the terminal UI on the fixture store, driven by keys: S on the chain of the
// leaked-key-scope incident (and on the start screen's row) shows the tree of credentials that
// fixtures/scopes.json expects; Enter expands a credential into its changes and its calls, read a
// page at a time through TuiData.scopeCalls; Enter on the eviction row lists each step's command as
// `trail-trace scope` prints it. On a long session, going to the last call walks the pages with
// `after`, never asking for them all. Golden frames in test/golden/tui/ (`-u` writes them, then
// read the diff).

import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../src/ingest/run-ingest.js';
import { prepareTuiSession, storeTuiData } from '../../src/app/tui-data.js';
import { heldStore } from '../../src/store/lease.js';
import { renderScopeText } from '../../src/report/scope-text.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { CallSummary, Scope } from '../../src/trace/scope-model.js';
import type { CallCursor, TuiData } from '../../src/tui/data.js';
import { evictionLines, SCOPE_PAGE } from '../../src/tui/scope-layout.js';
import { KEYS, renderTui, type Frames } from '../helpers/ink-frames.js';
import { longSessionId, writeLongSession } from '../helpers/long-session.js';
import { expectedScopes } from '../helpers/scopes.js';
import { FIXTURE_NOW, fixtureTui, scenarioTarget, type FixtureTui } from '../helpers/tui-store.js';

const GOLDEN = path.resolve(import.meta.dirname, '../golden/tui');
const TARGET = scenarioTarget('leaked-key-scope');
const SIZE = { columns: 80, rows: 23 };

const EXPECTED = expectedScopes.find((s) => s.name === 'leaked-key-scope')!.expect;

/** The tree's short kind words (src/tui/scope-layout.ts KIND_SHORT), as the rows show them. */
const SHORT: Record<string, string> = { 'long-term-key': 'key', 'role-session': 'session', 'session-token': 'token', 'console-session': 'console' };

let fixture: FixtureTui;
let store: Store;
let ui: Frames | undefined;

/** The fixture data, its scope answers recorded, so a test sees what the UI asked for. */
interface Spied {
  data: TuiData;
  pages: { credentialId: string; after: CallCursor | null; limit: number; calls: CallSummary[] }[];
  scopes: string[];
}

function spied(inner: TuiData): Spied {
  const record: Spied = { data: inner, pages: [], scopes: [] };
  record.data = {
    ...inner,
    storePath: inner.storePath,
    scope: async (eventId) => {
      record.scopes.push(eventId);
      return inner.scope(eventId);
    },
    scopeCalls: async (scope, credentialId, after, limit) => {
      const calls = await inner.scopeCalls(scope, credentialId, after, limit);
      record.pages.push({ credentialId, after, limit, calls });
      return calls;
    },
  };
  return record;
}

beforeAll(async () => {
  fixture = await fixtureTui();
  ({ store } = fixture);
});
afterEach(() => {
  ui?.unmount();
  ui = undefined;
});
afterAll(() => fixture.close());

/** The frame with the store's temporary path replaced, lines checked to fit the width. */
function portable(frame: string, columns = SIZE.columns): string {
  for (const line of frame.split('\n')) expect(Array.from(line).length, line).toBeLessThanOrEqual(columns);
  expect(frame.split('\n').length).toBeLessThanOrEqual(SIZE.rows);
  return frame.replaceAll(store.path, '$DB').replaceAll(path.basename(store.path), '$DB_FILE') + '\n';
}

/** The credential id the scope gave each expected credential, by its key or ARN and kind. */
function idsByLabel(scope: Scope): Map<string, string> {
  const ids = new Map<string, string>();
  for (const e of EXPECTED.credentials) {
    const found = scope.credentials.find((c) => c.kind === e.kind && c.arn === e.arn && (e.accessKeyId ? c.accessKeyId === e.accessKeyId : true));
    expect(found, e.label).toBeDefined();
    ids.set(e.label, found!.id);
  }
  return ids;
}

/** The tree's row of a credential: "├─ c2 session ASIA…   9   …  EXACT access-key". */
function rowOf(frame: string, id: string): string {
  const row = frame.split('\n').find((l) => new RegExp(`^[›\\s][\\s│├└─]*${id} `).test(l));
  expect(row, `row of ${id} in\n${frame}`).toBeDefined();
  return row!;
}

describe('scope view of the leaked-key incident', () => {
  it('S on the chain: the tree of the 7 credentials fixtures/scopes.json expects, each with its calls, failures and link', async () => {
    const spy = spied(fixture.data);
    ui = renderTui(spy.data, { size: SIZE, eventId: TARGET });
    await ui.waitFor('ORIGIN');
    await ui.press('S');
    const frame = await ui.waitFor('EVICTION');
    await expect(portable(frame)).toMatchFileSnapshot(path.join(GOLDEN, 'scope.txt'));
    expect(spy.scopes).toEqual([TARGET]);

    const scope = await fixture.data.scope(TARGET);
    const ids = idsByLabel(scope);
    expect(scope.credentials).toHaveLength(EXPECTED.credentials.length);
    expect(frame).toContain(`${EXPECTED.credentials.length} credentials`);
    for (const e of EXPECTED.credentials) {
      const id = ids.get(e.label)!;
      const row = rowOf(frame, id);
      // Indented under the credential that minted it: one step of the tree per generation.
      const depth = (label: string | null): number => (label === null ? 0 : 1 + depth(EXPECTED.credentials.find((x) => x.label === label)!.parent));
      expect(row.slice(2).search(/c\d/), row).toBe(3 * (depth(e.label) - 1));
      expect(row).toContain(`${id} ${SHORT[e.kind]} ${e.accessKeyId ?? 'user/'}`);
      const failed = EXPECTED.failed[e.label]!;
      expect(row).toMatch(new RegExp(` ${EXPECTED.calls[e.label]} +${failed > 0 ? `${failed} +` : ''}${e.parent === null ? 'ORIGIN' : `${e.confidence!.toUpperCase()} ${e.link}`}$`));
    }
  });

  it('S on the start screen scopes the selected row\'s event', async () => {
    const spy = spied(fixture.data);
    ui = renderTui(spy.data, { size: SIZE });
    await ui.waitFor(/› logging +cloudtrail:StopLogging/);
    await ui.press('S');
    const frame = await ui.waitFor('EVICTION');
    expect(spy.scopes).toEqual([TARGET]);
    expect(frame).toContain('Start › Scope');
    expect(frame).toContain('Scope of IAM user svc-reporting (long-term access key AKIAIIPZTGLDVDV6GX7D)');
    await ui.press(KEYS.escape);
    await ui.waitFor('Worth tracing');
  });

  it('Enter expands a credential: its changes (call, resource, succeeded or refused, tactic and technique), its calls a page at a time; a call opens its record', async () => {
    const spy = spied(fixture.data);
    ui = renderTui(spy.data, { size: SIZE, eventId: TARGET });
    await ui.waitFor('ORIGIN');
    await ui.press('S');
    await ui.waitFor('EVICTION');
    const scope = await fixture.data.scope(TARGET);
    const ids = idsByLabel(scope);
    const ops = ids.get('ops-session')!;
    // c1, then its first child in the tree: the ReportingOpsRole session.
    expect(ops).toBe('c2');
    await ui.press('j', KEYS.enter);
    // Its first page of calls read: the rows show calls, not "…".
    const frame = await ui.waitFor(/Calls \(9\)\n {2}03-10 /);
    await expect(portable(frame)).toMatchFileSnapshot(path.join(GOLDEN, 'scope-credential.txt'));
    expect(frame).toContain('Scope › Credential');
    const changes = EXPECTED.changes.filter((c) => c.by === 'ops-session');
    expect(frame).toContain(`Changes (${changes.length})`);
    for (const change of changes) expect(frame).toMatch(new RegExp(`✓ ${change.call} +.*${change.resourceId}`));
    expect(frame).toMatch(/persistence T1136\.003 · Created an IAM user/);
    // One page asked for, from the first call, no bigger than a page.
    expect(spy.pages.map((p) => [p.credentialId, p.after, p.limit])).toEqual([[ops, null, SCOPE_PAGE]]);

    // Down past the changes to the first call, then its raw record.
    await ui.press(...Array.from({ length: changes.length }, () => 'j'));
    const first = spy.pages[0]!.calls[0]!;
    await ui.waitFor(`call 1/9 · event ${first.eventId}`);
    await ui.press(KEYS.enter);
    await ui.waitFor(`Record · event ${first.eventId}`);
    await ui.press(KEYS.escape);
    await ui.waitFor('call 1/9');

    // Back on the tree, three rows down (c5, c6, then c7: the OrgReportingRole session), its refused DeleteTrail.
    await ui.press(KEYS.escape, 'j', 'j', 'j', KEYS.enter);
    const org = await ui.waitFor(/Calls \(7\)\n {2}03-10 /);
    expect(org).toContain('Changes (2) · 1 refused');
    expect(org).toMatch(/✗ cloudtrail:DeleteTrail +trail\/management-events/);
    expect(org).toContain('refused: AccessDenied · defense-evasion T1562.008');
  });

  it('the eviction row lists each step and its command as `trail-trace scope` prints it', async () => {
    ui = renderTui(fixture.data, { size: { columns: 120, rows: 40 }, eventId: TARGET });
    await ui.waitFor('ORIGIN');
    await ui.press('S');
    await ui.waitFor('EVICTION');
    await ui.press('G', KEYS.enter);
    const frame = await ui.waitFor('Eviction · 16 steps, in this order');
    expect(frame).toContain('Scope › Eviction');
    expect(frame).toContain('  1. deactivate-access-key AKIAIIPZTGLDVDV6GX7D');
    expect(frame).toContain('     $ aws iam update-access-key --user-name=svc-reporting --access-key-id=AKIAIIPZTGLDVDV6GX7D --status=Inactive');
    await ui.press('G');
    await ui.waitFor('16. start-logging arn:aws:cloudtrail:us-east-1:444444444444:trail/management-events');
  });

  it('every command, its lines joined again, reads as the text view prints it', async () => {
    const scope = await fixture.data.scope(TARGET);
    const printed = renderScopeText(scope, { color: false, width: 80 }).split('\n').filter((l) => l.trimStart().startsWith('$ ')).map((l) => l.trim());
    for (const size of [SIZE, { columns: 200, rows: 50 }]) {
      const lines = evictionLines(scope, size);
      const commands: string[] = [];
      lines.forEach((line, i) => {
        if (line.kind !== 'command') return;
        if (lines[i - 1]?.kind === 'command') commands[commands.length - 1] += line.text.slice(5);
        else commands.push(line.text.slice(5));
      });
      for (const line of lines) expect(Array.from(line.text).length).toBeLessThanOrEqual(size.columns - 1);
      expect(commands).toEqual(printed);
    }
    expect(printed).toHaveLength(scope.eviction.filter((s) => s.command).length);
  });
});

describe('a credential of 1,000 calls', () => {
  let big: Store;
  let lastCall: string;
  beforeAll(async () => {
    const root = path.join(fixture.dir, 'long');
    lastCall = writeLongSession(root, 1_000).lastCall;
    big = await openStore(path.join(fixture.dir, 'long.duckdb'));
    await ingestPaths(big, [root]);
  });
  afterAll(() => big.close());

  it('G walks its calls a page at a time, each after the last call of the one before, and shows the last', async () => {
    const spy = spied(await storeTuiData(heldStore(big, prepareTuiSession), { reportDir: fixture.dir, toolVersion: 'x', now: () => FIXTURE_NOW }));
    ui = renderTui(spy.data, { size: SIZE, eventId: lastCall });
    await ui.waitFor('ORIGIN');
    await ui.press('S');
    await ui.waitFor('EVICTION');
    // c1 is alice's key (1 call: the AssumeRole), c2 the Deploy session it minted.
    await ui.press('j', KEYS.enter);
    await ui.waitFor('Calls (1,000)');
    await ui.press('G');
    const frame = await ui.waitFor('call 1,000/1,000 · event');
    expect(frame).toContain(`call 1,000/1,000 · event ${lastCall}`);
    const pages = spy.pages;
    expect(pages.every((p) => p.credentialId === 'c2' && p.limit === SCOPE_PAGE)).toBe(true);
    expect(pages[0]!.after).toBeNull();
    // Each page starts after the last call of the page before: none asked twice, none skipped.
    for (let i = 1; i < pages.length; i++) {
      const previous = pages[i - 1]!.calls.at(-1)!;
      expect(pages[i]!.after).toEqual({ time: previous.eventTime, eventId: previous.eventId });
    }
    expect(pages).toHaveLength(Math.ceil(1_000 / SCOPE_PAGE));
    expect(pages.flatMap((p) => p.calls.map((c) => c.eventId))).toEqual(Array.from({ length: 1_000 }, (_, i) => longSessionId(i + 1)));
    // Back to the top: the first page again, from the start, not kept all along.
    await ui.press('g');
    await ui.waitFor(`call 1/1,000 · event ${longSessionId(1)}`);
    expect(pages.at(-1)!.after).toBeNull();
  });
});
