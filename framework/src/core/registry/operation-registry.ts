// The operation registry: validates operations as they register and answers name lookups.
import { CORE_PARAMETERS } from '../../config/core-parameters';
import { describeRange, inRange, type ParamSpec } from '../../operations/parameters';
import { closestMatches } from '../closest-match';
import { UsageError } from '../usage-error';
import type { OperationClass, OperationEntry, OperationMeta } from './operation-meta';

const NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
const REQUIRED_METHODS = ['generate', 'classOf'] as const;

/** Raised when an operation is declared wrongly; the message names the operation and its package. */
export class OperationRegistrationError extends Error {}

export class OperationRegistry {
  private readonly entries = new Map<string, OperationEntry>();
  /** The package whose entry point is being imported; set by the plugin loader. */
  currentPlugin = 'int2int';

  register(ctor: OperationClass, meta: OperationMeta): void {
    const where = `operation "${meta.name}" (${this.currentPlugin})`;
    if (!NAME_PATTERN.test(meta.name)) {
      throw new OperationRegistrationError(
        `${where}: the name must match ${NAME_PATTERN} (e.g. modular_add)`,
      );
    }
    const existing = this.entries.get(meta.name);
    if (existing) {
      throw new OperationRegistrationError(
        `${where}: the name "${meta.name}" is already taken by ${existing.plugin}; rename one of them`,
      );
    }
    if (!meta.summary?.trim())
      throw new OperationRegistrationError(`${where}: a one-line summary is required`);
    const proto = ctor.prototype as Record<string, unknown>;
    for (const method of REQUIRED_METHODS) {
      if (typeof proto[method] !== 'function') {
        throw new OperationRegistrationError(`${where}: the class ${ctor.name} has no ${method}() method`);
      }
    }
    for (const [param, spec] of Object.entries(meta.params ?? {})) {
      checkParam(where, param, spec);
    }
    this.entries.set(meta.name, {
      ctor,
      meta: { ...meta, summary: meta.summary.trim() },
      plugin: this.currentPlugin,
    });
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The operation called `name`, or an error that suggests the closest names. */
  get(name: string): OperationEntry {
    const entry = this.entries.get(name);
    if (entry) return entry;
    const suggestions = closestMatches(name, [...this.entries.keys()]);
    const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
    throw new UsageError(
      `Unknown operation "${name}".${hint} Run \`int2int operations:list\` to see the operations installed.`,
    );
  }

  list(): OperationEntry[] {
    return [...this.entries.values()].sort((a, b) => a.meta.name.localeCompare(b.meta.name));
  }

  /** Forgets the operations of one package (used when a plugin fails half-way through loading). */
  unregisterPlugin(plugin: string): void {
    for (const [name, entry] of this.entries) if (entry.plugin === plugin) this.entries.delete(name);
  }
}

function checkParam(where: string, name: string, spec: ParamSpec): void {
  if (!NAME_PATTERN.test(name)) {
    throw new OperationRegistrationError(`${where}: parameter "${name}" must match ${NAME_PATTERN}`);
  }
  const core = CORE_PARAMETERS[name];
  if (core) {
    throw new OperationRegistrationError(
      `${where}: parameter "${name}" clashes with the core parameter --${name} (${core.help}); choose another name`,
    );
  }
  const expected = spec.type === 'bool' ? 'boolean' : spec.type === 'string' ? 'string' : 'number';
  if (typeof spec.default !== expected || (spec.type === 'int' && !Number.isInteger(spec.default))) {
    throw new OperationRegistrationError(
      `${where}: parameter "${name}" is declared ${spec.type} but its default is ${JSON.stringify(spec.default)}`,
    );
  }
  if (spec.options && !spec.options.includes(String(spec.default))) {
    throw new OperationRegistrationError(`${where}: parameter "${name}" has a default outside its options`);
  }
  if (spec.range && (spec.type === 'bool' || spec.type === 'string')) {
    throw new OperationRegistrationError(
      `${where}: parameter "${name}" is ${spec.type}: only numbers have a range`,
    );
  }
  if (typeof spec.default === 'number' && !inRange(spec.default, spec.range)) {
    throw new OperationRegistrationError(
      `${where}: parameter "${name}" has a default ${spec.default} outside its range (${describeRange(spec.range!)})`,
    );
  }
}

const GLOBAL_KEY = Symbol.for('int2int.operationRegistry');

/**
 * The process-wide registry. It lives on globalThis so that a plugin resolving a second copy of the
 * int2int package still registers into the same registry.
 */
export function operationRegistry(): OperationRegistry {
  const holder = globalThis as typeof globalThis & { [GLOBAL_KEY]?: OperationRegistry };
  holder[GLOBAL_KEY] ??= new OperationRegistry();
  return holder[GLOBAL_KEY];
}
