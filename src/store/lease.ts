// The store for a long-lived reader such as the terminal UI: opened when asked something, closed
// again a moment after the last question (at once when another process is waiting for it), so an
// open UI never keeps an ingest or a fetch from writing. Opened to read unless a use must write.

import { openStore, type LockWait, type Store } from './store.js';
import { othersWaiting } from './waiting.js';

export type StoreMode = 'read' | 'write';

/** The store, one use at a time: each use has it open, in the mode it asks for, until it ends. */
export interface StoreAccess {
  readonly path: string;
  use<T>(mode: StoreMode, fn: (store: Store) => Promise<T>): Promise<T>;
}

export interface StoreLeaseOptions {
  /** Closed after this long without a use (default IDLE_MS). */
  idleMs?: number;
  /** Run after each open: what a session needs (temporary macros). */
  prepare?: (store: Store) => Promise<void>;
  /** Told who holds the store while a use waits for it (for as long as it takes), then null once it is open. */
  onWait?: (holder: string | null) => void;
  /** Told of what opening had to do (src/store/store.ts notices). */
  onNotice?: (notice: string) => void;
}

/** Long enough to answer a burst of key presses on one opening; short enough that a writer hardly waits. */
export const IDLE_MS = 1000;

/** One use after another: the UI asks for several things at once, and a DuckDB connection runs one query at a time. */
export function serializer(): <T>(fn: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const run = last.then(fn, fn);
    last = run.catch(() => undefined);
    return run;
  };
}

/**
 * A store held open by someone else (a test, or a command that holds it throughout), used one at
 * a time; `prepare` runs before the first use.
 */
export function heldStore(store: Store, prepare?: (store: Store) => Promise<void>): StoreAccess {
  const serial = serializer();
  let prepared: Promise<void> | null = null;
  return {
    path: store.path,
    use: (_mode, fn) => serial(async () => {
      prepared ??= prepare ? prepare(store) : Promise.resolve();
      await prepared;
      return fn(store);
    }),
  };
}

export class StoreLease implements StoreAccess {
  private store: Store | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly serial = serializer();
  private closed = false;
  /** Stops a use that waits for the store when the lease is closed. */
  private readonly closing = new AbortController();

  constructor(
    readonly path: string,
    private readonly options: StoreLeaseOptions = {},
  ) {}

  use<T>(mode: StoreMode, fn: (store: Store) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      if (this.closed) throw new Error('the store lease is closed');
      this.cancelIdle();
      const store = await this.open(mode);
      try {
        return await fn(store);
      } finally {
        // A writer may have given its turn (closed and opened the store again, src/store/waiting.ts):
        // what `prepare` made is gone, so the next use opens afresh.
        if (mode === 'write') await this.shut();
        else await this.afterUse();
      }
    });
  }

  /** Closes the store now, for good. */
  close(): Promise<void> {
    this.closing.abort();
    return this.serial(async () => {
      this.closed = true;
      this.cancelIdle();
      await this.shut();
    });
  }

  private async open(mode: StoreMode): Promise<Store> {
    if (this.store && mode === 'write' && this.store.readOnly) await this.shut();
    if (this.store) return this.store;
    let waited = false;
    const wait: LockWait = {
      maxMs: Number.POSITIVE_INFINITY,
      signal: this.closing.signal,
      onWait: (holder) => {
        waited = true;
        this.options.onWait?.(holder);
      },
    };
    let store: Store;
    try {
      store = await openStore(this.path, { readOnly: mode === 'read', wait });
    } finally {
      // Waiting is over, opened or not: the status line must not go on saying so.
      if (waited) this.options.onWait?.(null);
    }
    for (const notice of store.notices) this.options.onNotice?.(notice);
    try {
      await this.options.prepare?.(store);
    } catch (err) {
      await store.close();
      throw err;
    }
    this.store = store;
    return store;
  }

  private async afterUse(): Promise<void> {
    if (othersWaiting(this.path)) {
      await this.shut();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.serial(() => this.shut());
    }, this.options.idleMs ?? IDLE_MS);
    this.timer.unref();
  }

  private cancelIdle(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async shut(): Promise<void> {
    const store = this.store;
    this.store = null;
    if (store) await store.close();
  }
}
