// The test helpers for operation authors, exported as `int2int/testing`.
import 'reflect-metadata';

export { buildOperation } from '../core/build-operation';
export type { BuiltOperation } from '../core/build-operation';
export { MAX_FAILED_DRAWS } from '../data/example-factory';
export { drawExample, testOperation } from './test-operation';
export type { TestOperationOptions } from './test-operation';
