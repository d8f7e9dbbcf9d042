// Hostile text is inert in the terminal UI: the fixture scenario hostile-strings puts clear-screen,
// cursor-home, set-title and red escapes, carriage returns, backspaces and a right-to-left override
// into a user agent, a session policy and a request parameter. Rendered with colour forced on (as
// on a real terminal) and off (NO_COLOR), no frame may carry a control character from the data:
// the only escapes left are Ink's own styles, and the text is the same with and without them.
// Also: NO_COLOR means no colour escape at all; colour on means confidence in colour.

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

// Ink's colour support is decided when chalk loads: force colour before any import loads it.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '3';
});

import type { TuiData } from '../../src/tui/data.js';
import { recordLines, safe, wrapLines } from '../../src/tui/text.js';
import { KEYS, renderTui, SGR, type Frames } from '../helpers/ink-frames.js';
import { fixtureTui, scenarioTarget, type FixtureTui } from '../helpers/tui-store.js';

const HOSTILE_TARGET = scenarioTarget('hostile-strings');
const SIZE = { columns: 80, rows: 23 };

/* eslint-disable no-control-regex -- escape sequences and control characters are what these match */
/** The styles the UI uses without colour: bold, dim, inverse and their resets. */
const NO_COLOR_SGR = /\u001b\[(1|2|7|22|27)m/g;
const ONLY_NO_COLOR_STYLE = /^\u001b\[(1|2|7|22|27)m$/;
/** A foreground or background colour. */
const COLOR = /\u001b\[(3\d|4\d|9\d)m/;
const GREEN_EXACT = /\u001b\[32m(\u001b\[1m)?EXACT/;
/** Anything a terminal acts on: C0 and C1 controls (but the newline between lines), DEL, bidi and other format characters. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\p{Cf}\u2028\u2029]/u;
/* eslint-enable no-control-regex */

let fixture: FixtureTui;
let data: TuiData;
let ui: Frames | undefined;

beforeAll(async () => {
  fixture = await fixtureTui();
  ({ data } = fixture);
});
afterEach(() => ui?.unmount());
afterAll(() => fixture.close());

/** The frames a responder sees on the hostile chain: the chain, the target's session's calls, the target's record. */
async function hostileFrames(color: boolean): Promise<string[]> {
  ui = renderTui(data, { size: SIZE, eventId: HOSTILE_TARGET, color });
  const frames = [await ui.waitFor('ORIGIN')];
  // The origin's calls: intern-temp's user agent is the hostile one.
  await ui.press('G', KEYS.enter);
  frames.push(await ui.waitFor(/Timeline of the origin · 1\/\d+ calls?/));
  await ui.press(KEYS.escape, 'g', KEYS.enter);
  await ui.waitFor('Record · event');
  // Find the request parameter that holds the hostile text.
  await ui.press('/', '"description"', KEYS.enter);
  frames.push(await ui.waitFor(/lines (?!1–)/));
  ui.unmount();
  ui = undefined;
  return frames;
}

/** The scope of the hostile chain (S): its tree, the origin's key expanded (the hostile user agent below its call), its session. */
async function hostileScopeFrames(color: boolean): Promise<string[]> {
  ui = renderTui(data, { size: SIZE, eventId: HOSTILE_TARGET, color });
  await ui.waitFor('ORIGIN');
  await ui.press('S');
  const frames = [await ui.waitFor('EVICTION')];
  await ui.press(KEYS.enter);
  frames.push(await ui.waitFor('call 1/1 · event'));
  await ui.press(KEYS.escape, 'j', KEYS.enter);
  frames.push(await ui.waitFor(/call 1\/\d+ · event/));
  await ui.press(KEYS.escape, 'G', KEYS.enter);
  frames.push(await ui.waitFor('Eviction ·'));
  ui.unmount();
  ui = undefined;
  return frames;
}

describe('hostile text in the terminal UI', () => {
  it('the fixture really is hostile: its user agent carries ESC [2J, ESC [31m and CR', async () => {
    const raw = await data.rawRecord(HOSTILE_TARGET);
    const agent = (JSON.parse(raw!) as { userAgent: string }).userAgent;
    expect(agent).toContain('\u001b[2J');
    expect(agent).toContain('\u001b[31m');
    expect(agent).toContain('\r');
  });

  it('without colour (NO_COLOR): no escape but bold, dim and inverse, and no control character at all', async () => {
    const frames = await hostileFrames(false);
    for (const frame of frames) {
      expect((frame.match(SGR) ?? []).filter((style) => !ONLY_NO_COLOR_STYLE.test(style))).toEqual([]);
      const text = frame.replace(NO_COLOR_SGR, '');
      expect(text).not.toMatch(CONTROL);
      expect(text).not.toContain('\u001b');
    }
    // What the log said is there to read, as visible escapes.
    expect(frames[0]).toContain('aws-cli/2.15.30 \\…');
    expect(frames[1]).toContain('aws-cli/2.15.30 \\x1b[2J\\x1b[H\\x1b]');
    // The record's long lines are wrapped at the width; joined again, the value reads as logged.
    const record = frames[2]!.replace(SGR, '').replace(/\n↪ /g, '');
    expect(record).toContain('"description": "\\u001b[2J\\u001b[H\\u001b]0;trail-trace pwned\\u0007\\u001b[31mCRITICAL\\u001b[0m ok\\rREWRITTEN\\b\\b\\b\\b');
    expect(record).toContain('\\u202egnp.exe\\u202c\\nInjected line');
  });

  it('the scope view: the hostile user agent shows as text, no control character reaches the screen, with colour or without', async () => {
    const plain = await hostileScopeFrames(false);
    const colored = await hostileScopeFrames(true);
    expect(plain[1]).toContain('aws-cli/2.15.30 \\x1b[2J\\x1b[H\\x1b]');
    plain.forEach((frame, i) => {
      expect(frame.replace(NO_COLOR_SGR, '')).not.toMatch(CONTROL);
      expect(colored[i]!.replace(SGR, '')).toBe(frame.replace(SGR, ''));
      expect(colored[i]!.replace(SGR, '')).not.toMatch(CONTROL);
    });
  });

  it('with colour: the same text, and every escape is one of Ink\'s styles', async () => {
    const plain = await hostileFrames(false);
    const colored = await hostileFrames(true);
    expect(colored.join('')).toContain('\u001b[32m');
    colored.forEach((frame, i) => {
      expect(frame.replace(SGR, '')).toBe(plain[i]!.replace(SGR, ''));
      expect(frame.replace(SGR, '')).not.toMatch(CONTROL);
    });
  });
});

describe('NO_COLOR and colour on the demo chain', () => {
  const DEMO = scenarioTarget('cross-account-chain');

  it('EXACT is green with colour, and no colour escape is written without it', async () => {
    ui = renderTui(data, { size: SIZE, eventId: DEMO, color: true });
    expect(await ui.waitFor('ORIGIN')).toMatch(GREEN_EXACT);
    ui.unmount();
    ui = renderTui(data, { size: SIZE, eventId: DEMO, color: false });
    const frame = await ui.waitFor('ORIGIN');
    expect(frame).toContain('EXACT');
    expect(frame).not.toMatch(COLOR);
  });
});

describe('text for the terminal', () => {
  it('safe: controls become visible escapes, long values are cut before escaping', () => {
    expect(safe('a\u001b[2Jb\rc\u202e')).toBe('a\\x1b[2Jb\\rc\\u202e');
    expect(safe('x'.repeat(1000), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(safe(null)).toBe('');
  });

  it('recordLines: pretty JSON, what JSON leaves raw escaped, backslashes single', () => {
    const lines = recordLines(JSON.stringify({ ua: 'a\u001bb\u009bc\u202ed\\e' }));
    expect(lines).toEqual(['{', '  "ua": "a\\u001bb\\x9bc\\u202ed\\\\e"', '}']);
    expect(recordLines('not json\u001b[2J')).toEqual(['not json\\x1b[2J']);
  });

  it('wrapLines: long lines broken at the width, continuations marked', () => {
    expect(wrapLines(['abcdefghij', 'xy'], 8)).toEqual(['abcdefgh', '↪ ij', 'xy']);
  });
});
