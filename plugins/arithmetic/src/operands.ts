// Operands of the arithmetic operations: the [minint, maxint] range, its safety checks, draws and tokenizer.
import { NumberArray, PositionalInt, type Rng } from 'int2int';
import { largestOperand } from './integers';
import { BASE, MAXINT, MININT } from './shared-params';

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
function drawOperands(rng: Rng, count: number, { minint, maxint }: OperandRange): number[] {
  return Array.from({ length: count }, () => rng.int(minint, maxint));
}

/** The input tokenizer of the arithmetic operations: `V<count>` then `count` signed integers. */
export function operandsTokenizer(count: number, base: number): NumberArray<number[]> {
  return new NumberArray<number[]>(count, 'V', 1, new PositionalInt(base));
}

/** The parameters of every operation on integers drawn from [minint, maxint], with Int2Int's defaults. */
export const OPERAND_PARAMS = { maxint: MAXINT, minint: MININT, base: BASE };

/**
 * What the operations on integers drawn from [minint, maxint] share: the range read from --minint / --maxint (see
 * readOperandRange for `factor`), the input tokenizer of their `inputs` integers, and the draws.
 */
export abstract class OperandsOperation {
  readonly inputTokenizer: NumberArray<number[]>;
  protected readonly range: OperandRange;

  protected constructor(
    params: { minint: number; maxint: number; base: number },
    name: string,
    inputs: number,
    factor?: number,
  ) {
    this.range = readOperandRange(params, name, factor);
    this.inputTokenizer = operandsTokenizer(inputs, params.base);
  }

  /** `count` independent uniform integers in [minint, maxint]. */
  protected draw(rng: Rng, count: number): number[] {
    return drawOperands(rng, count, this.range);
  }
}
