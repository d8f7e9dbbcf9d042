// Counting the requests a client sends, retries included, for a fetch's budget (--max-requests)
// and its cost line. A middleware in the deserialize step runs once per attempt.

interface WithMiddleware {
  middlewareStack: {
    add(
      middleware: (next: (args: never) => Promise<unknown>, context: { commandName?: string }) => (args: never) => Promise<unknown>,
      options: { step: 'deserialize'; name: string },
    ): void;
  };
}

export interface RequestCounter {
  requests: number;
}

/**
 * Adds one to `counter` for each request `client` sends from now on, of the commands `counts`
 * accepts (all by default: a source leaves out what another budget counts, or what costs nothing,
 * such as polling a query's state); returns the client.
 */
export function countRequests<C>(client: C, counter: RequestCounter, counts: (commandName: string) => boolean = () => true): C {
  (client as unknown as WithMiddleware).middlewareStack.add(
    (next, context) => async (args) => {
      if (counts(context.commandName ?? '')) counter.requests += 1;
      return next(args);
    },
    { step: 'deserialize', name: 'trailTraceRequestCount' },
  );
  return client;
}
