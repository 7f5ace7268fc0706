// Operands of the arithmetic operations: the [minint, maxint] range, its safety checks, draws and tokenizer.
import { NumberArray, PositionalInt, type Rng } from 'int2int';
import { largestOperand } from './integers';

export interface OperandRange {
  minint: number;
  maxint: number;
}

/**
 * Reads --minint / --maxint. When the operation multiplies operands, `factor` bounds its largest intermediate
 * value by factor * maxint^2, which must stay a safe integer.
 */
export function readOperandRange(
  { minint, maxint }: { minint: number; maxint: number },
  operation: string,
  factor?: number,
): OperandRange {
  if (minint > maxint) throw new Error(`--minint (${minint}) must not exceed --maxint (${maxint})`);
  if (factor !== undefined) {
    const largest = largestOperand(factor);
    if (Math.max(Math.abs(minint), Math.abs(maxint)) > largest) {
      throw new Error(
        `--maxint ${maxint} is too large for ${operation}: its products must stay below ` +
          `Number.MAX_SAFE_INTEGER (2^53 - 1); the largest allowed --maxint is ${largest}`,
      );
    }
  }
  return { minint, maxint };
}

/** `count` independent uniform integers in [minint, maxint]. */
export function drawOperands(rng: Rng, count: number, { minint, maxint }: OperandRange): number[] {
  return Array.from({ length: count }, () => rng.int(minint, maxint));
}

/** The input tokenizer of the arithmetic operations: `V<count>` then `count` signed integers. */
export function operandsTokenizer(count: number, base: number): NumberArray<number[]> {
  return new NumberArray<number[]>(count, 'V', 1, new PositionalInt(base));
}
