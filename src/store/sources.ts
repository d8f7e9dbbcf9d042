// The sources a store fetches from (`trail-trace source add`), and the questions it asked them
// (migration 010). Settings are kept as the kind declared them: never credentials.

import { sql } from './queries.js';
import type { Store } from './store.js';

export interface StoredSource {
  name: string;
  kind: string;
  /** The kind's settings as JSON text (checked by the kind when read back). */
  settings: string;
  addedAt: string;
}

export async function listSources(store: Store): Promise<StoredSource[]> {
  const rows = await store.all<{ name: string; kind: string; settings: string; added_at: string }>(sql('sources/list'));
  return rows.map((r) => ({ name: r.name, kind: r.kind, settings: r.settings, addedAt: r.added_at }));
}

export async function addSource(store: Store, source: { name: string; kind: string; settings: unknown }): Promise<void> {
  await store.run(sql('sources/add'), { name: source.name, kind: source.kind, settings: JSON.stringify(source.settings) });
}

/** Forgets a source and what was asked of it; false when there is none by that name. */
export async function removeSource(store: Store, name: string): Promise<boolean> {
  const known = (await listSources(store)).some((s) => s.name === name);
  if (!known) return false;
  await store.transaction(async () => {
    await store.run(sql('sources/forget-questions'), { name });
    await store.run(sql('sources/remove'), { name });
  });
  return true;
}

export interface AskedQuestion {
  source: string;
  key: string;
  what: string;
  /** The question, canonical JSON. */
  question: string;
  how: string;
  records: number;
  bytesScanned: number;
  bytesDownloaded: number;
  objects: number;
  requests: number;
}

/**
 * The answer the source gave to this question in an earlier run, or null, and whether its window
 * had settled when it was asked: a settled answer is final, an unsettled one is asked again.
 */
export async function earlierAnswer(store: Store, source: string, key: string): Promise<{ answer: FetchedQuestion; settled: boolean } | null> {
  const [r] = await store.all<QuestionRow & { settled: boolean }>(sql('sources/asked'), { name: source, key });
  return r ? { answer: { ...viewOf(r), source }, settled: r.settled } : null;
}

/** Remembers a question's answer; `replacing` an earlier, unsettled one (earlierAnswer). */
export async function rememberAnswer(store: Store, a: AskedQuestion & { askedAt: string }, replacing: boolean): Promise<void> {
  const remember = () => store.run(sql('sources/remember'), {
    name: a.source, key: a.key, what: a.what, question: a.question, how: a.how, asked_at: a.askedAt,
    records: a.records, bytes_scanned: a.bytesScanned, bytes_downloaded: a.bytesDownloaded, objects: a.objects, requests: a.requests,
  });
  if (!replacing) return remember();
  await store.transaction(async () => {
    await store.run(sql('sources/forget-answer'), { name: a.source, key: a.key });
    await remember();
  });
}

export interface FetchedQuestion extends Omit<AskedQuestion, 'key' | 'question'> {
  askedAt: string;
}

/** Every question the store's sources answered, latest first: how fetched records came to be stored. */
type QuestionRow = {
  what: string; how: string; asked_at: string;
  records: bigint; bytes_scanned: bigint; bytes_downloaded: bigint; objects: bigint; requests: bigint;
};

function viewOf(r: QuestionRow): Omit<FetchedQuestion, 'source'> {
  return {
    what: r.what, how: r.how, askedAt: r.asked_at, records: Number(r.records),
    bytesScanned: Number(r.bytes_scanned), bytesDownloaded: Number(r.bytes_downloaded), objects: Number(r.objects), requests: Number(r.requests),
  };
}

export async function fetchedQuestions(store: Store): Promise<FetchedQuestion[]> {
  const rows = await store.all<QuestionRow & { source_name: string }>(sql('sources/questions'));
  return rows.map((r) => ({ ...viewOf(r), source: r.source_name }));
}

/** The questions answered for settled windows (their canonical JSON), by source. */
export async function settledQuestions(store: Store): Promise<{ source: string; question: string }[]> {
  const rows = await store.all<{ source_name: string; question: string }>(sql('sources/settled-questions'));
  return rows.map((r) => ({ source: r.source_name, question: r.question }));
}
