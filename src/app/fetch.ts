// Fetching what a trace needs from where the logs live: each narrow question (src/sources/
// question.ts) is put to every configured source that can hold its answer and was not asked it
// before, within the budget (--max-scan, --max-objects, --max-requests); what comes back is loaded
// into the store like any ingest, each record saying which query, prefix or call it came from.
// Before each fetch the user is told what is fetched and why; after it, what it cost.

import { ingestListing, type IngestSummary } from '../ingest/run-ingest.js';
import type { JsonLimits } from '../ingest/json-scan.js';
import { loadedSourceKeys } from '../store/load.js';
import { earlierAnswer, rememberAnswer } from '../store/sources.js';
import type { FetchedQuestionView } from '../trace/incident.js';
import { isoSeconds } from '../trace/time.js';
import type { Store } from '../store/store.js';
import { giveTurn, othersWaiting } from '../store/waiting.js';
import { canonical, questionKey, type Question } from '../sources/question.js';
import { addCost, NO_COST, type FetchCost, type OpenedSource } from '../sources/registry.js';
import bytes from 'bytes';
import { EXIT, UserError } from '../errors.js';
import { ScanLimitReached } from '../ingest/sources/athena.js';
import { terminalSafe } from '../text/sanitize.js';

const sizeText = (n: number) => bytes.format(n, { unitSeparator: '' }) ?? `${n}B`;

export interface FetchBudget {
  /** Athena bytes scanned. */
  maxScanBytes: number;
  /** S3 objects downloaded. */
  maxObjects: number;
  /** AWS API requests, retries included. */
  maxRequests: number;
}



export interface FetcherOptions {
  budget: FetchBudget;
  signal: AbortSignal;
  /** One line of progress for the user (stderr): what is fetched and why, then what it cost. */
  onLine(text: string): void;
  limits?: JsonLimits;
  nowMs?: number;
  /**
   * Between two questions, let a process waiting for the store read it (src/store/waiting.ts).
   * Only where the store holds no session state: the store is closed and opened again.
   */
  takeTurns?: boolean;
}

/** What a question asked of a source added nothing to. */
const NOTHING = { added: 0, found: 0 } as const;


function whereText(q: Question): string {
  const accounts = q.accounts ? `account${q.accounts.length > 1 ? 's' : ''} ${q.accounts.join(', ')}` : 'any account';
  const regions = q.regions ? q.regions.join(', ') : 'any region';
  return `${accounts}, ${regions}, ${q.window.from} → ${q.window.to}`;
}

/** The ingest's warnings in a few words: kinds and counts. */
function warningText(summary: IngestSummary): string {
  const kinds = Object.entries(summary.warnings.byKind).filter(([, w]) => (w?.count ?? 0) > 0).map(([k, w]) => `${w!.count} ${k}`);
  return kinds.length ? kinds.join(', ') : 'see the ingest warnings';
}

export function costText(c: FetchCost): string {
  const parts: string[] = [];
  if (c.bytesScanned) parts.push(`${sizeText(c.bytesScanned)} scanned`);
  // S3 objects downloaded, or a folder's files read where they are: read, either way.
  if (c.objects) parts.push(`${c.objects} object${c.objects === 1 ? '' : 's'} (${sizeText(c.bytesDownloaded)}) read`);
  parts.push(`${c.requests} request${c.requests === 1 ? '' : 's'}`);
  return parts.join(', ');
}

export class Fetcher {
  /** Questions not asked because the budget ran out, in words. */
  readonly stopped: string[] = [];
  /** Questions a source could not take, or none could, with why. */
  readonly unasked: string[] = [];
  /** Files a source gave that could not be stored (refused downloads, unreadable files), by question. */
  readonly unread: string[] = [];
  /** Sources that failed (credentials, permissions): not asked again this run, with why. */
  readonly failures = new Map<string, string>();
  private readonly askedNow = new Set<string>();
  /** Questions (by key) some source found records for in this run, and those some source answered (found or not). */
  private readonly foundNow = new Set<string>();
  private readonly answeredNow = new Set<string>();

  /** Whether a source answered the question in this run or an earlier one (found or not): not stopped, declined or failed. */
  wasAnswered(q: Question): boolean {
    return this.answeredNow.has(questionKey(q));
  }

  /** What the trace should say of how far fetching looked, where that bounds its answer. */
  readonly notes: string[] = [];

  /** Adds a note, once (a trace walked again asks the same questions). */
  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }
  /** Every question of this run, as the report's Evidence lists it: asked now, or answered in an earlier run. */
  readonly asked: FetchedQuestionView[] = [];
  private downloads: FetchCost = NO_COST;
  questions = 0;

  constructor(
    private readonly store: Store,
    readonly sources: OpenedSource[],
    private readonly options: FetcherOptions,
  ) {}

  /** What fetching has cost so far, every source together. */
  spent(): FetchCost {
    return this.sources.reduce((sum, s) => addCost(sum, s.cost()), this.downloads);
  }

  /** Which budget is used up, in words, or null. */
  private exhausted(): string | null {
    const spent = this.spent();
    const b = this.options.budget;
    if (spent.bytesScanned >= b.maxScanBytes) return `--max-scan ${sizeText(b.maxScanBytes)}`;
    if (spent.objects >= b.maxObjects) return `--max-objects ${b.maxObjects}`;
    if (spent.requests >= b.maxRequests) return `--max-requests ${b.maxRequests}`;
    return null;
  }

  /**
   * Puts the question to the sources (of the kinds given) that may hold its answer and were not
   * asked it, in the order they were added, until one that answers all of it (not one account's
   * Event history of several) returns records; loads what they return. Returns the number of new
   * events stored.
   */
  async ensure(q: Question, kinds?: (kind: string) => boolean): Promise<number> {
    const key = questionKey(q);
    // Found earlier in this run: the store has it, whichever source it came from.
    if (this.foundNow.has(key)) return 0;
    const nowMs = this.options.nowMs ?? Date.now();
    let added = 0;
    const declined: string[] = [];
    let candidates = 0;
    for (const source of this.sources) {
      if (this.options.signal.aborted) break;
      if (kinds && !kinds(source.kind)) continue;
      candidates += 1;
      if (this.failures.has(source.name) || this.askedNow.has(`${source.name}\0${key}`)) continue;
      this.askedNow.add(`${source.name}\0${key}`);
      const why = source.cannotAnswer(q, nowMs);
      if (why !== null) {
        declined.push(`${source.name}: ${why}`);
        continue;
      }
      // One source that found the answer is enough: the next (Athena and S3 over the same trail,
      // say) would be paid for the same records. One that found nothing, or answers only part of
      // the question (one account's Event history), leaves the rest to the next.
      const answersAll = (found: number) => {
        if (found > 0) this.foundNow.add(key);
        return found > 0 && !source.partial?.(q, nowMs);
      };
      const earlier = await earlierAnswer(this.store, source.name, key);
      if (earlier?.settled) {
        this.asked.push({ ...earlier.answer, earlier: true });
        this.answeredNow.add(key);
        if (answersAll(earlier.answer.records)) break;
        continue;
      }
      const over = this.exhausted();
      if (over) {
        this.stopped.push(`${q.what} (${source.name})`);
        this.options.onLine(`fetch: not asking ${terminalSafe(source.name)} for ${terminalSafe(q.what)}: ${over} reached`);
        continue;
      }
      // Between two questions, a reader waiting for the store (the terminal UI, a trace) has its
      // turn. Not a writer: an ingest let in would keep the store until it ends.
      if (this.options.takeTurns && othersWaiting(this.store.path, 'readers')) await giveTurn(this.store, 'readers');
      const answer = await this.ask(source, q, key, nowMs, earlier !== null);
      added += answer.added;
      if (answersAll(answer.found)) break;
    }
    // Not one source could take it: the trace says so, not only the gap it leaves.
    if (candidates > 0 && declined.length === candidates) {
      this.unasked.push(`${q.what} (${declined.join('; ')})`);
      this.options.onLine(`fetch: no source can answer ${terminalSafe(q.what)}: ${terminalSafe(declined.join('; '))}`);
    }
    return added;
  }

  /** Asks one source; `replacing`: the store holds an earlier, unsettled answer to the question. */
  private async ask(source: OpenedSource, q: Question, key: string, nowMs: number, replacing: boolean): Promise<{ added: number; found: number }> {
    const say = this.options.onLine;
    say(`fetch: ${terminalSafe(q.what)} — from ${terminalSafe(source.name)} (${source.kind}): ${terminalSafe(whereText(q))}`);
    const before = source.cost();
    const started = performance.now();
    this.questions += 1;
    try {
      const answer = await source.answer(q, {
        downloadDir: `${this.store.path}.incoming`,
        signal: this.options.signal,
        onStatus: (text) => say(`  ${terminalSafe(text)}`),
        loadedObjects: (prefix) => loadedSourceKeys(this.store, prefix),
        nowMs,
        maxScanBytes: Math.max(0, this.options.budget.maxScanBytes - this.spent().bytesScanned),
      });
      const download = answer.download ?? { objects: 0, bytes: 0 };
      if (download.objects > 0 && this.spent().objects + download.objects > this.options.budget.maxObjects) {
        await answer.listing?.close?.();
        this.stopped.push(`${q.what} (${source.name})`);
        say(`  not read: ${download.objects} objects would pass --max-objects ${this.options.budget.maxObjects} (${this.spent().objects} read so far)`);
        return NOTHING;
      }
      const summary = answer.listing ? await ingestListing(this.store, answer.listing, { signal: this.options.signal, checkpoint: false, ...(this.options.limits ? { limits: this.options.limits } : {}) }) : null;
      this.downloads = addCost(this.downloads, { ...NO_COST, objects: download.objects, bytesDownloaded: download.bytes });
      const after = source.cost();
      const cost: FetchCost = {
        bytesScanned: after.bytesScanned - before.bytesScanned,
        bytesDownloaded: download.bytes,
        objects: download.objects,
        requests: after.requests - before.requests,
      };
      const events = summary ? summary.events.new + summary.events.duplicate : 0;
      const failed = summary?.files.failed ?? 0;
      say(`  ${events} record${events === 1 ? '' : 's'} (${summary?.events.new ?? 0} new); ${costText(cost)}; ${((performance.now() - started) / 1000).toFixed(1)} s` +
        (failed ? `; ${failed} file${failed === 1 ? '' : 's'} could not be read (${terminalSafe(warningText(summary!))})` : ''));
      if (failed) this.unread.push(`${q.what} (${source.name}: ${failed} file(s) not stored: ${warningText(summary!)})`);
      const view = {
        source: source.name, what: q.what, how: answer.how, askedAt: isoSeconds(nowMs), records: events,
        bytesScanned: cost.bytesScanned, bytesDownloaded: cost.bytesDownloaded, objects: cost.objects, requests: cost.requests,
      };
      this.asked.push(view);
      if (!summary?.interrupted) this.answeredNow.add(key);
      // Found: records read, or objects that held them already in the store (S3, folders).
      const found = events + (summary?.files.alreadyLoaded ?? 0) + (answer.alreadyStored ?? 0);
      if (summary?.interrupted) return { added: summary.events.new, found };
      // Remembered unless files of it could not be stored; a window that had not settled as it was
      // asked (CloudTrail delivers up to a day late) is asked again next time (queries/sources/asked.sql).
      if (!summary || summary.files.failed === 0) await rememberAnswer(this.store, { ...view, key, question: JSON.stringify(canonical(q)) }, replacing);
      return { added: summary?.events.new ?? 0, found };
    } catch (err) {
      if (this.options.signal.aborted) throw err;
      const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
      // A query stopped at --max-scan: the budget stopped this question, as it stops the next ones.
      if (err instanceof ScanLimitReached) {
        this.stopped.push(`${q.what} (${source.name})`);
        say(`  stopped: ${terminalSafe(message)}`);
        // Billed all the same: the Evidence lists it.
        this.asked.push({
          source: source.name, what: q.what, how: `stopped at --max-scan: ${message}`, askedAt: isoSeconds(nowMs), records: 0,
          bytesScanned: err.scannedBytes, bytesDownloaded: 0, objects: 0, requests: 0,
        });
        return NOTHING;
      }
      // A question this source cannot take (an Athena table whose account partition must be named,
      // say) is this question's; anything else (credentials, permissions, the network) is the source's.
      if (err instanceof UserError && err.exitCode === EXIT.usage) {
        this.unasked.push(`${q.what} (${source.name}: ${message})`);
        say(`  ${terminalSafe(source.name)} cannot answer this question: ${terminalSafe(message)}`);
        return NOTHING;
      }
      this.failures.set(source.name, message);
      say(`  ${terminalSafe(source.name)} could not answer: ${terminalSafe(message)} (not asked again in this run)`);
      return NOTHING;
    }
  }
}
