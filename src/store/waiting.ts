// Taking turns at one store between processes. DuckDB lets one process write a database file or
// several read it, never both: a process that finds the store held says so here (a file named by
// its PID and whether it would read or write, in <db>.waiting/), and the holder lets go at its next
// safe point for as long as someone is waiting: the terminal UI after a moment idle, a fetch between
// two questions, an ingest between two batches (to readers only: a writer let in would number its
// files as the paused ingest goes on numbering its own).

import { mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
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

export type WaitingMode = 'read' | 'write';

/** Says this process is waiting for the store, to read or write it; the function returned takes it back. Never throws. */
export function announceWaiting(dbPath: string, mode: WaitingMode): () => void {
  const dir = waitingDirOf(dbPath);
  const file = path.join(dir, `${process.pid}-${mode}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, '');
  } catch {
    // A folder that cannot be written only means the holder will not know to let go early.
  }
  return () => {
    try {
      rmSync(file, { force: true });
      // Never recursive: another waiter may have written its file since.
      rmdirSync(dir);
    } catch {
      // Gone already, or another waiter's file is there still.
    }
  };
}

/**
 * Whether another live process is waiting for the store, to read it ('readers') or at all
 * ('anyone'); files of processes that died are removed.
 */
export function othersWaiting(dbPath: string, who: 'readers' | 'anyone' = 'anyone'): boolean {
  let names: string[];
  try {
    names = readdirSync(waitingDirOf(dbPath));
  } catch {
    return false;
  }
  let waiting = false;
  for (const name of names) {
    const m = /^(\d+)-(read|write)$/.exec(name);
    const pid = m ? Number(m[1]) : NaN;
    if (pid === process.pid) continue;
    if (Number.isSafeInteger(pid) && alive(pid)) {
      if (who === 'anyone' || m![2] === 'read') waiting = true;
    } else {
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

async function untilNoneWaiting(dbPath: string, who: 'readers' | 'anyone'): Promise<void> {
  const deadline = Date.now() + TURN_MS;
  while (othersWaiting(dbPath, who) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * A writer's turn given: the log folded into the file (so the other process opens it at once),
 * the store let go of while others wait, then taken back as it was opened. Session state
 * (temporary tables and macros, SET values) is lost: call it only where none is held.
 */
export async function giveTurn(store: Store, to: 'readers' | 'anyone'): Promise<void> {
  await store.run('CHECKPOINT');
  await store.pause(() => untilNoneWaiting(store.path, to));
}
