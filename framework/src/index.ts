// The public API of int2int for plugin authors: the decorator, the contracts, reusable tokenizers.
import 'reflect-metadata';

export { operation } from './core/registry/operation.decorator';
export type { OperationMeta } from './core/registry/operation-meta';
export { Rng } from './core/rng';
export type { Example, Operation, Split, Verdict } from './operations/operation';
export { boolParam, floatParam, intParam, stringParam } from './operations/parameters';
export type {
  ParamRange,
  ParamSpec,
  ParamSpecs,
  ParamsOf,
  ParamValue,
  ParamValues,
} from './operations/parameters';
export type { Parsed, Tokenizer } from './tokenizers/tokenizer';
export { Vocabulary } from './tokenizers/vocabulary';
export { NumberArray } from './tokenizers/number-array';
export type { NumberTensor } from './tokenizers/number-array';
export { PositionalInt } from './tokenizers/positional-int';
export { SymbolicInt } from './tokenizers/symbolic-int';
