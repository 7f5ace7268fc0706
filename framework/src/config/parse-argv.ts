// Reads Int2Int-style command lines: `--name value` or `--name=value`, booleans written `--flag true|false`.
import { UsageError } from '../core/usage-error';
import { PARAMETER_ALIASES } from './core-parameters';

/** Raw flag values by parameter name (aliases resolved), in command-line order. */
export type RawFlags = Map<string, string>;

export function parseArgv(argv: readonly string[]): RawFlags {
  const flags: RawFlags = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(
        `Unexpected argument "${arg}": every setting is written --name value (e.g. --operation gcd --batch_size 32)`,
      );
    }
    const eq = arg.indexOf('=');
    let name = (eq === -1 ? arg.slice(2) : arg.slice(2, eq)).replace(/-/g, '_');
    let value: string;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(
          `--${name} needs a value. Booleans are not switches in Int2Int: write --${name} true or --${name} false`,
        );
      }
      value = next;
      i++;
    }
    name = PARAMETER_ALIASES[name] ?? name;
    if (flags.has(name)) throw new UsageError(`--${name} is given twice`);
    flags.set(name, value);
  }
  return flags;
}
