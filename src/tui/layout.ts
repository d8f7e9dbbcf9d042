// How the terminal UI divides the screen, shared by the reducer (paging, scrolling) and the
// components (what they draw), so a page moves by exactly what is visible. Pure.

import { truncate } from '../text/sanitize.js';
import type { Gap, Trace } from '../trace/model.js';
import { commandText, copyLines, recordLines, wrapLines } from './text.js';
import type { DetailScreen } from './screens.js';

export interface Size {
  columns: number;
  rows: number;
}

/** The smallest screen laid out as designed (an 80×24 terminal less the line Ink keeps free); smaller ones are clipped. */
export const MIN_SIZE: Size = { columns: 80, rows: 23 };

/** Lines above the body (title) and below it (message or prompt, key hints). */
const HEADER = 1;
const FOOTER = 2;

/** Timeline: title, filters and column headings above the rows; the selected call's details below. */
const TIMELINE_ABOVE = 3;
const TIMELINE_BELOW = 2;

/** Detail pane: a title line above the record. */
const DETAIL_ABOVE = 1;

/** Calls fetched per timeline query: a few screens' worth around what is shown. */
export const PAGE_SIZE = 200;

function clampSize(size: Size): Size {
  return { columns: Math.max(MIN_SIZE.columns, size.columns), rows: Math.max(MIN_SIZE.rows, size.rows) };
}

export function bodyHeight(size: Size): number {
  return clampSize(size).rows - HEADER - FOOTER;
}

export function bodyWidth(size: Size): number {
  return clampSize(size).columns;
}

export function timelineRows(size: Size): number {
  return bodyHeight(size) - TIMELINE_ABOVE - TIMELINE_BELOW;
}

export function detailRows(size: Size): number {
  return bodyHeight(size) - DETAIL_ABOVE;
}

/**
 * The detail pane's lines: what differs in the event's other copies, if any, then the record
 * pretty-printed, wrapped to the screen's width.
 */
export function detailLines(screen: Pick<DetailScreen, 'record' | 'reveal' | 'copies'>, size: Size): string[] {
  return wrapLines([...copyLines(screen.copies), ...recordLines(screen.record ?? '', screen.reveal)], bodyWidth(size) - 1);
}

/** What the chain view lists, top to bottom: the target, each hop, the origin, each gap. */
export type ChainItem =
  | { kind: 'target' }
  | { kind: 'hop'; index: number }
  | { kind: 'origin' }
  | { kind: 'gap'; index: number };

export function chainItems(trace: Trace): ChainItem[] {
  return [
    { kind: 'target' },
    ...trace.hops.map((_, index) => ({ kind: 'hop' as const, index })),
    ...(trace.origin ? [{ kind: 'origin' as const }] : []),
    ...trace.gaps.map((_, index) => ({ kind: 'gap' as const, index })),
  ];
}

/** Width of the chain view's label column: "› HOP 12 ". */
export const CHAIN_LABEL = 10;

/** A gap's command cut into lines beside the label column, so it can be read (and copied) whole. */
export function gapCommandLines(gap: Gap, columns: number): string[] {
  // Backslashes kept (Windows paths), as `from-event` prints hints; control characters escaped.
  const command = Array.from(commandText(truncate(gap.hint, 2000)));
  const width = Math.max(20, columns - CHAIN_LABEL);
  const lines: string[] = [];
  for (let i = 0; i < command.length; i += width) lines.push(command.slice(i, i + width).join(''));
  return lines;
}

/** Lines each chain item takes on screen. */
export function chainItemHeight(item: ChainItem, trace: Trace, columns: number): number {
  if (item.kind === 'target') return 2;
  if (item.kind === 'gap') {
    const gap = trace.gaps[item.index]!;
    return 2 + (gap.hintWhy ? 1 : 0) + gapCommandLines(gap, columns).length;
  }
  // A link that is not exact names the other candidates on a fourth line.
  if (item.kind === 'hop') return (trace.hops[item.index]?.alternatives.length ?? 0) > 0 ? 4 : 3;
  return 3;
}

/**
 * The first item to draw so that `selected` is visible in `height` lines, keeping the view
 * still while the selection stays on screen (`previousTop`).
 */
export function scrollTop(heights: number[], selected: number, height: number, previousTop = 0): number {
  let top = Math.min(previousTop, selected);
  const fits = (from: number) => heights.slice(from, selected + 1).reduce((a, b) => a + b, 0) <= height;
  while (top < selected && !fits(top)) top++;
  return top;
}

/** The first row to show so that `cursor` is visible in `rows` rows. */
export function followCursor(top: number, cursor: number, rows: number): number {
  if (cursor < top) return cursor;
  if (cursor >= top + rows) return cursor - rows + 1;
  return top;
}
