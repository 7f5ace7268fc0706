// Takes a command's own flags out of an Int2Int-style command line (`--name value`, `--name=value`), leaving the
// others (the runs' settings) in order: for commands that pass most of their flags on to `int2int train`.
import { UsageError } from '../core/usage-error';

export interface TakenFlags {
  /** The flags given once, by name (dashes read as underscores). */
  values: Map<string, string>;
  /** The repeatable flags' values, in order. */
  repeated: Map<string, string[]>;
  /** The other arguments, untouched. */
  rest: string[];
}

/**
 * `names` are taken once each; `repeatable` ones may be given again, each adding a value, and their value may start
 * with dashes (an sbatch option, --sbatch --account=abc).
 */
export function takeFlags(
  argv: readonly string[],
  names: readonly string[],
  repeatable: readonly string[] = [],
): TakenFlags {
  const values = new Map<string, string>();
  const repeated = new Map<string, string[]>(repeatable.map((name) => [name, []]));
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? (eq === -1 ? arg.slice(2) : arg.slice(2, eq)).replace(/-/g, '_') : '';
    const many = repeated.get(name);
    if (!many && !names.includes(name)) {
      rest.push(arg);
      continue;
    }
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && !many))
        throw new UsageError(`--${name} needs a value`);
      value = next;
      i++;
    }
    if (many) many.push(value);
    else if (values.has(name)) throw new UsageError(`--${name} is given twice`);
    else values.set(name, value);
  }
  return { values, repeated, rest };
}
