// Converts a raw setting (command line or config file) to its declared type, with messages naming the setting.
import {
  checkParamValue,
  type ParamSpec,
  type ParamSpecs,
  type ParamsOf,
  type ParamValue,
} from '../operations/parameters';

const TRUE_WORDS = new Set(['true', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'off', '0']);

/** `source` says where the value came from, e.g. `--batch_size` or `batch_size in int2int.config.json`. */
export function convertValue(source: string, spec: ParamSpec, raw: unknown): ParamValue {
  return checkParamValue(source, spec, fromText(spec, raw), raw);
}

/** A value written as text (`--flag true`, `"10"` in a config file) as the declared type; others unchanged. */
function fromText(spec: ParamSpec, raw: unknown): unknown {
  if (typeof raw !== 'string') return spec.type === 'string' && typeof raw === 'number' ? String(raw) : raw;
  switch (spec.type) {
    case 'bool':
      if (TRUE_WORDS.has(raw.toLowerCase())) return true;
      return FALSE_WORDS.has(raw.toLowerCase()) ? false : raw;
    case 'int':
    case 'float':
      return raw.trim() === '' || !Number.isFinite(Number(raw)) ? raw : Number(raw);
    case 'string':
      return raw;
  }
}

/** Where a setting was found: how messages name it, and its raw value. */
export interface FoundSetting {
  source: string;
  raw: unknown;
}

/** A value for every declaration of `specs`, typed from them: the one `lookup` finds (converted, checked), else the default. */
export function resolveParams<S extends ParamSpecs>(
  specs: S,
  lookup: (name: string) => FoundSetting | undefined,
): ParamsOf<S> {
  const values = Object.entries(specs).map(([name, spec]) => {
    const found = lookup(name);
    return [name, found ? convertValue(found.source, spec, found.raw) : spec.default] as const;
  });
  return Object.fromEntries(values) as ParamsOf<S>;
}
