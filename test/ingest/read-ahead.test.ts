// orderedReadAhead (src/ingest/read-ahead.ts): results in the source's order whatever order the work
// ends in, never more in flight than allowed, the source read only as room frees, stops clean.

import { describe, expect, it } from 'vitest';
import { orderedReadAhead } from '../../src/ingest/read-ahead.js';

/** Work that ends when the test says, so the order of endings is the test's, not the clock's. */
function controlled() {
  const pending = new Map<number, (v: string) => void>();
  let running = 0;
  let most = 0;
  const work = (item: number) => new Promise<string>((resolve) => {
    running += 1;
    most = Math.max(most, running);
    pending.set(item, (v) => {
      running -= 1;
      resolve(v);
    });
  });
  const finish = (item: number) => pending.get(item)!(`done ${item}`);
  return { work, finish, most: () => most, started: () => [...pending.keys()] };
}

async function collect<R>(gen: AsyncGenerator<R>): Promise<R[]> {
  const out: R[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

describe('orderedReadAhead', () => {
  it('yields in the source order when work ends in another, with at most `ahead` in flight', async () => {
    const c = controlled();
    const done = collect(orderedReadAhead([0, 1, 2, 3, 4, 5, 6], c.work, { ahead: 3 }));
    await new Promise((r) => setImmediate(r));
    expect(c.started()).toEqual([0, 1, 2]);
    // End them backwards, one at a time as they start.
    for (const order of [[2, 1, 0], [5, 4, 3], [6]]) {
      for (const i of order) {
        while (!c.started().includes(i)) await new Promise((r) => setImmediate(r));
        c.finish(i);
      }
    }
    expect(await done).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `done ${i}`));
    expect(c.most()).toBe(3);
  });

  it('takes an item only while those in flight weigh less than maxSize (one always goes, however heavy)', async () => {
    const sizes = [5, 5, 5, 50, 1, 1];
    let running = 0;
    let mostWeight = 0;
    let weight = 0;
    const work = async (i: number) => {
      running += 1;
      weight += sizes[i]!;
      mostWeight = Math.max(mostWeight, weight);
      await new Promise((r) => setImmediate(r));
      weight -= sizes[i]!;
      running -= 1;
      return i;
    };
    const out = await collect(orderedReadAhead([0, 1, 2, 3, 4, 5], work, { ahead: 10, size: (i) => sizes[i]!, maxSize: 12 }));
    expect(out).toEqual([0, 1, 2, 3, 4, 5]);
    // The heavy one joined two light ones (10, under 12); nothing joined it until they weighed less.
    expect(mostWeight).toBe(60);
    expect(running).toBe(0);
  });

  it('reads the source only as room frees, and stops reading it when told, yielding what is in flight', async () => {
    const taken: number[] = [];
    let stop = false;
    async function* source() {
      for (let i = 0; i < 100; i++) {
        taken.push(i);
        yield i;
      }
    }
    const out: number[] = [];
    for await (const r of orderedReadAhead(source(), async (i) => i, { ahead: 4, stop: () => stop })) {
      out.push(r);
      if (r === 5) stop = true;
    }
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(taken.length).toBeLessThanOrEqual(9);
  });

  it('throws a failed item at its turn, after the items before it, and waits for the work in flight', async () => {
    let finished = 0;
    const work = async (i: number) => {
      await new Promise((r) => setTimeout(r, i === 1 ? 1 : 5));
      finished += 1;
      if (i === 1) throw new Error('item 1 failed');
      return i;
    };
    const out: number[] = [];
    await expect((async () => {
      for await (const r of orderedReadAhead([0, 1, 2, 3], work, { ahead: 4 })) out.push(r);
    })()).rejects.toThrow('item 1 failed');
    expect(out).toEqual([0]);
    expect(finished).toBe(4); // nothing left running after it returned
  });

  it('yields what a failing source gave before it failed, then throws its error', async () => {
    async function* source() {
      yield 1;
      yield 2;
      yield 3;
      throw new Error('the API refused page 4');
    }
    const out: number[] = [];
    await expect((async () => {
      for await (const r of orderedReadAhead(source(), async (i) => i * 10, { ahead: 8 })) out.push(r);
    })()).rejects.toThrow('the API refused page 4');
    expect(out).toEqual([10, 20, 30]);
  });

  it('closes the source when the consumer breaks early', async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    for await (const r of orderedReadAhead(source(), async (i) => i, { ahead: 2 })) if (r === 3) break;
    expect(closed).toBe(true);
  });
});
