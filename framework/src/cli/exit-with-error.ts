// Reports a command's failure on stderr in one unwrapped line (so it can be read and searched) and exits.
import type { Command } from '@oclif/core';
import { UsageError } from '../core/usage-error';

/** Exit code 2 for usage mistakes (a flag, a setting, a name), 1 for anything else. */
export function exitWithError(command: Command, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Error: ${message}\n`);
  if (process.env.INT2INT_DEBUG && error instanceof Error && error.stack)
    process.stderr.write(`${error.stack}\n`);
  return command.exit(error instanceof UsageError ? 2 : 1);
}
