// The parameters the arithmetic operations share, with Int2Int's defaults (int2int checks their values).
import { boolParam, intParam } from 'int2int';

export const MAXINT = intParam(1000000, 'Largest operand (inclusive)');
export const MININT = intParam(1, 'Smallest operand (inclusive)');
export const BASE = intParam(1000, 'Base of the integers in the token sequences', { min: 2 });
export const MAX_CLASS = intParam(101, 'Classes above max_class share one per-class accuracy bucket', {
  min: 0,
});
export const CLASS_BY_LENGTH = boolParam(false, 'Also class examples by the length of their largest operand');
export const MODULUS = intParam(67, 'The modulus', { min: 1 });
export const DIM1 = intParam(10, 'Number of rows of the matrices', { min: 1 });
export const DIM2 = intParam(10, 'Number of columns of the matrices', { min: 1 });
