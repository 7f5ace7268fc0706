// The parameters the arithmetic operations share, with Int2Int's defaults, and typed readers for their values.
import { boolParam, intParam, type ParamValues } from 'int2int';

export const MAXINT = intParam(1000000, 'Largest operand (inclusive)');
export const MININT = intParam(1, 'Smallest operand (inclusive)');
export const BASE = intParam(1000, 'Base of the integers in the token sequences', { min: 2 });
export const MAX_CLASS = intParam(101, 'Classes above max_class share one per-class accuracy bucket');
export const CLASS_BY_LENGTH = boolParam(false, 'Also class examples by the length of their largest operand');
export const MODULUS = intParam(67, 'The modulus', { min: 1 });
export const DIM1 = intParam(10, 'Number of rows of the matrices', { min: 1 });
export const DIM2 = intParam(10, 'Number of columns of the matrices', { min: 1 });

/** The integer parameter `name` of an operation. */
export function intOf(params: ParamValues, name: string): number {
  const value = params[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new Error(`--${name} must be an integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The boolean parameter `name` of an operation. */
export function boolOf(params: ParamValues, name: string): boolean {
  const value = params[name];
  if (typeof value !== 'boolean')
    throw new Error(`--${name} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

/** An integer parameter that must be at least `min`. */
export function atLeast(params: ParamValues, name: string, min: number): number {
  const value = intOf(params, name);
  if (value < min) throw new Error(`--${name} must be at least ${min}, got ${value}`);
  return value;
}
