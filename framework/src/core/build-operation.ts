// buildOperation: an operation instance from its registered name and parameter overrides (defaults from its meta).
import { container as rootContainer, type DependencyContainer, type InjectionToken } from 'tsyringe';
import type { Operation } from '../operations/operation';
import { checkParamValue, type ParamValue, type ParamValues } from '../operations/parameters';
import { closestMatches } from './closest-match';
import { UsageError } from './usage-error';
import type { OperationEntry } from './registry/operation-meta';
import { operationRegistry } from './registry/operation-registry';
import { OPERATION_PARAMS } from './tokens';

export interface BuiltOperation {
  operation: Operation<unknown, unknown>;
  /** Every declared parameter of the operation: its default, or the override. */
  params: ParamValues;
  entry: OperationEntry;
}

/**
 * Builds the operation called `name` in a child of `parent`, with OPERATION_PARAMS = its declared defaults
 * overridden by `overrides`. Unknown parameter names and values of the wrong type are errors.
 */
export function buildOperation(
  name: string,
  overrides: Partial<ParamValues> = {},
  parent: DependencyContainer = rootContainer,
): BuiltOperation {
  const entry = operationRegistry().get(name);
  const specs = entry.meta.params ?? {};
  const params: Record<string, ParamValue> = Object.fromEntries(
    Object.entries(specs).map(([key, spec]) => [key, spec.default]),
  );
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const spec = specs[key];
    if (!spec) throw new UsageError(unknownParam(name, key, Object.keys(specs)));
    params[key] = checkParamValue(`--${key} of operation ${name}`, spec, value);
  }
  const child = parent.createChildContainer();
  child.register(OPERATION_PARAMS, { useValue: params });
  const operation = child.resolve(entry.ctor as InjectionToken<Operation<unknown, unknown>>);
  return { operation, params, entry };
}

function unknownParam(operation: string, key: string, known: string[]): string {
  const suggestions = closestMatches(key, known);
  const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `--${s}`).join(' or ')}?` : '';
  const list = known.length ? known.map((k) => `--${k}`).join(', ') : 'none';
  return `Unknown parameter --${key} for operation ${operation}.${hint} Its parameters: ${list}.`;
}
