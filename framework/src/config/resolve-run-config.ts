// Resolves a run's settings: defaults < config file < command line, for the core and the chosen operation.
import { closestMatches } from '../core/closest-match';
import { operationRegistry } from '../core/registry/operation-registry';
import type { ParamSpec, ParamValues } from '../operations/parameters';
import { convertValue, resolveParams, type FoundSetting } from './convert-value';
import {
  CORE_PARAMETERS,
  PARAMETER_ALIASES,
  resolveCoreSettings,
  type CoreSettings,
} from './core-parameters';
import type { ConfigFile } from './load-config-file';
import { UsageError } from '../core/usage-error';
import type { RawFlags } from './parse-argv';

/** Every setting of a run, resolved and typed. */
export interface RunConfig {
  operation: string;
  /** All core parameters (CORE_PARAMETERS), defaults filled in. */
  core: CoreSettings;
  /** All parameters declared by the operation, defaults filled in. */
  operationParams: ParamValues;
  /** The names set on the command line or in the config file (the others hold defaults). */
  explicit: ReadonlySet<string>;
}

export function resolveRunConfig(flags: RawFlags, file: ConfigFile | undefined): RunConfig {
  const fileValues = new Map(
    Object.entries(file?.values ?? {}).map(([k, v]) => [PARAMETER_ALIASES[k] ?? k, v] as const),
  );
  const operationName =
    flags.get('operation') ??
    (fileValues.has('operation')
      ? String(
          convertValue(`operation in ${file?.path}`, CORE_PARAMETERS.operation, fileValues.get('operation')),
        )
      : String(CORE_PARAMETERS.operation.default));
  const entry = operationRegistry().get(operationName);
  const operationSpecs = entry.meta.params ?? {};
  const known = (name: string): ParamSpec | undefined => CORE_PARAMETERS[name] ?? operationSpecs[name];

  const describe = (name: string, fromFile: boolean) => (fromFile ? `${name} in ${file?.path}` : `--${name}`);
  for (const [names, fromFile] of [
    [[...fileValues.keys()], true],
    [[...flags.keys()], false],
  ] as const) {
    for (const name of names) {
      if (!known(name))
        throw unknownSetting(name, entry.meta.name, Object.keys(operationSpecs), describe(name, fromFile));
    }
  }

  const lookup = (name: string): FoundSetting | undefined => {
    if (flags.has(name)) return { source: `--${name}`, raw: flags.get(name) };
    return fileValues.has(name) ? { source: describe(name, true), raw: fileValues.get(name) } : undefined;
  };
  const core = resolveCoreSettings(lookup);
  const coreValues: ParamValues = core;
  for (const [name, spec] of Object.entries(CORE_PARAMETERS)) {
    if (spec.implemented === false && coreValues[name] !== spec.default) {
      if (spec.instead)
        throw new UsageError(
          `--${name} is Int2Int's "${spec.help}", which int2int does not use: ${spec.instead}`,
        );
      throw new UsageError(
        `--${name} is a parameter of Int2Int that int2int does not implement yet (see "Parameters" in the README); ` +
          `remove it or leave it at its default ${String(spec.default)}`,
      );
    }
  }
  return {
    operation: entry.meta.name,
    core,
    operationParams: resolveParams(operationSpecs, lookup),
    explicit: new Set([...fileValues.keys(), ...flags.keys()]),
  };
}

function unknownSetting(
  name: string,
  operation: string,
  operationNames: string[],
  where: string,
): UsageError {
  const owners = operationRegistry()
    .list()
    .filter((e) => e.meta.params && name in e.meta.params)
    .map((e) => e.meta.name);
  if (owners.length) {
    return new UsageError(
      `${where} is not a parameter of operation ${operation}; it belongs to ${owners.join(', ')}. ` +
        `See \`int2int operations:show ${operation}\` for the parameters of ${operation}`,
    );
  }
  const suggestions = closestMatches(name, [...Object.keys(CORE_PARAMETERS), ...operationNames]);
  const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `--${s}`).join(' or ')}?` : '';
  return new UsageError(`Unknown setting ${where}.${hint} Run \`int2int train --help\` for the list.`);
}
