// Taking turns at one store between processes. DuckDB lets one process write a database file or
// several read it, never both: a process that finds the store held says so here (a file named by
// its PID in <db>.waiting/), and the holder lets go at its next safe point (an ingest between two
// batches, the terminal UI after a moment idle) for as long as someone is waiting.

import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Store } from './store.js';

export function waitingDirOf(dbPath: string): string {
  return `${dbPath}.waiting`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists, it is only someone else's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Says this process is waiting for the store; the function returned takes it back. Never throws. */
export function announceWaiting(dbPath: string): () => void {
  const dir = waitingDirOf(dbPath);
  const file = path.join(dir, String(process.pid));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, '');
  } catch {
    // A folder that cannot be written only means the holder will not know to let go early.
  }
  return () => {
    try {
      rmSync(file, { force: true });
      if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Gone already, or another waiter's file is there still.
    }
  };
}

/** Whether another live process is waiting for the store (files of processes that died are removed). */
export function othersWaiting(dbPath: string): boolean {
  let names: string[];
  try {
    names = readdirSync(waitingDirOf(dbPath));
  } catch {
    return false;
  }
  let waiting = false;
  for (const name of names) {
    const pid = /^\d+$/.test(name) ? Number(name) : NaN;
    if (pid === process.pid) continue;
    if (Number.isSafeInteger(pid) && alive(pid)) waiting = true;
    else {
      try {
        rmSync(path.join(waitingDirOf(dbPath), name), { force: true });
      } catch {
        // Not a file of ours to remove: passed over.
      }
    }
  }
  return waiting;
}

/** Longest a writer lets go of the store for one turn before taking it back (waiting while it is in use). */
const TURN_MS = 5_000;

async function untilNoneWaiting(dbPath: string): Promise<void> {
  const deadline = Date.now() + TURN_MS;
  while (othersWaiting(dbPath) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * A writer's turn given: the log folded into the file (so the other process opens it at once),
 * the store let go of while others wait, then taken back as it was opened. Session state
 * (temporary tables and macros, SET values) is lost: call it only where none is held.
 */
export async function giveTurn(store: Store): Promise<void> {
  await store.run('CHECKPOINT');
  await store.pause(() => untilNoneWaiting(store.path));
}
