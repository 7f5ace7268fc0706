// Converts a raw setting (command line or config file) to its declared type, with messages naming the setting.
import { describeRange, inRange, type ParamSpec, type ParamValue } from '../operations/parameters';
import { UsageError } from '../core/usage-error';

const TRUE_WORDS = new Set(['true', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'off', '0']);

/** `source` says where the value came from, e.g. `--batch_size` or `batch_size in int2int.config.json`. */
export function convertValue(source: string, spec: ParamSpec, raw: unknown): ParamValue {
  const fail = (expected: string): never => {
    throw new UsageError(`${source} must be ${expected}, got ${JSON.stringify(raw)}`);
  };
  let value: ParamValue;
  switch (spec.type) {
    case 'bool': {
      if (typeof raw === 'boolean') value = raw;
      else if (typeof raw === 'string' && TRUE_WORDS.has(raw.toLowerCase())) value = true;
      else if (typeof raw === 'string' && FALSE_WORDS.has(raw.toLowerCase())) value = false;
      else value = fail('true or false');
      break;
    }
    case 'int': {
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isSafeInteger(n)) fail('an integer');
      value = n;
      break;
    }
    case 'float': {
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) fail('a number');
      value = n;
      break;
    }
    case 'string': {
      if (typeof raw !== 'string' && typeof raw !== 'number') fail('a string');
      value = String(raw);
      break;
    }
  }
  if (spec.options && !spec.options.includes(String(value))) {
    fail(`one of ${spec.options.join(', ')}`);
  }
  if (typeof value === 'number' && !inRange(value, spec.range)) {
    fail(describeRange(spec.range!));
  }
  return value;
}
