// The two kinds of error (STYLE.md principle 4). A UserError is something the user can fix:
// one line of what happened, one line of what to do, no stack. Anything else is a bug.

export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
