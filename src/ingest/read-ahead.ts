// Work run ahead of its consumer, results in order: how ingest reads, hashes and keeps files while
// the previous batch loads, and how the S3 source downloads objects while ingest reads the last.

export interface ReadAheadOptions<T> {
  /** Items worked on at once, at most (at least 1). */
  ahead: number;
  /** With maxSize: the weight of an item (its bytes). An item is taken only while those in flight weigh less than maxSize… */
  size?: (item: T) => number;
  /** …so one is always let in, however heavy. */
  maxSize?: number;
  /** Asked before each item is taken from the source: true stops taking (what is in flight is still yielded). */
  stop?: () => boolean;
}

/**
 * Runs `work` on the items of `source` ahead of the consumer and yields the results in the
 * source's order. The source is read one item at a time, only as room frees, so a consumer that
 * stops stops the source too (API sources stop fetching). A source that fails stops being read:
 * what it gave before is still yielded (fetched pages are not lost), then its error is thrown. A
 * failed item throws at its turn; when
 * the consumer stops early (break, a throw), the work in flight is awaited before this returns, so
 * nothing runs on after it (and nothing rejects unhandled).
 */
export async function* orderedReadAhead<T, R>(
  source: AsyncIterable<T> | Iterable<T>,
  work: (item: T, index: number) => Promise<R>,
  options: ReadAheadOptions<T>,
): AsyncGenerator<R> {
  const ahead = Math.max(1, options.ahead);
  const inFlight: { size: number; result: Promise<R> }[] = [];
  let size = 0;
  let index = 0;
  const full = () => inFlight.length >= ahead || (inFlight.length > 0 && options.maxSize !== undefined && size >= options.maxSize);
  const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : (source as Iterable<T>)[Symbol.iterator]();
  let sourceDone = false;
  let sourceFailure: { error: unknown } | undefined;
  try {
    while (true) {
      while (!sourceDone && !full() && !options.stop?.()) {
        let next: IteratorResult<T>;
        try {
          next = await iterator.next();
        } catch (error) {
          sourceFailure = { error };
          sourceDone = true;
          break;
        }
        if (next.done) {
          sourceDone = true;
          break;
        }
        const weight = options.size?.(next.value) ?? 0;
        const result = work(next.value, index++);
        result.catch(() => undefined); // thrown at its turn below, never unhandled
        inFlight.push({ size: weight, result });
        size += weight;
      }
      const oldest = inFlight.shift();
      if (!oldest) {
        if (sourceFailure) throw sourceFailure.error;
        return;
      }
      size -= oldest.size;
      yield await oldest.result;
    }
  } finally {
    await Promise.allSettled(inFlight.map((f) => f.result));
    if (!sourceDone) await iterator.return?.();
  }
}
