/**
 * How a subcommand fails: a CliError is a failure the user can act on, printed
 * as its message alone (no stack) with its exit code: 2 for a usage error or
 * a refusal, 1 otherwise.
 */

/** A failure the user can act on: printed as is, without a stack. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** Run a command body, turning a CliError or SchemaError into its message and exit code. */
export async function runCommand(body: () => number | Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    const err = e as Error;
    if (err instanceof CliError) {
      console.error(err.message);
      return err.exitCode;
    }
    if (err.name === 'SchemaError') {
      console.error(err.message);
      return 1;
    }
    throw e;
  }
}
