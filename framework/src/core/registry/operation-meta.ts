// What the @operation decorator records about an operation class.
import type { ParamSpecs } from '../../operations/parameters';
import type { Operation } from '../../operations/operation';

export interface OperationMeta<P extends ParamSpecs = ParamSpecs> {
  /** The name given to `--operation`: lower case, digits and underscores (e.g. `modular_add`). */
  name: string;
  /** One line shown by `int2int operations:list`. */
  summary: string;
  /** The operation's own parameters, accepted as flags by `int2int train --operation <name>`. */
  params?: P;
  /** How many extra eval / error metrics its verifier returns (manual §4.2). */
  evalMetrics?: number;
  errorMetrics?: number;
  /** False for operations that only read files (like `data`): they have no generator. */
  generates?: boolean;
}

/**
 * A class whose instances are operations, built by the run container: its constructor's first argument is the
 * operation's parameters (`Params`, typed from its declarations), defaults overridden by the run's settings.
 */
export type OperationClass<Params = never> = new (
  params: Params,
  ...rest: never[]
) => Operation<unknown, unknown>;

/** A registered operation: its class, what the decorator recorded, and the package that provided it. */
export interface OperationEntry {
  ctor: OperationClass;
  meta: Required<Pick<OperationMeta, 'name' | 'summary'>> & OperationMeta;
  /** The npm package the operation came from (`int2int` for built-ins). */
  plugin: string;
}
