// The shape shared by the file-backed tasks that map a curve to one small integer (its rank, its torsion order).
import { SymbolicInt, type Operation, type ParamsOf } from 'int2int';
import { BASE, readsFilesError } from './elliptic-params';
import { IntTuple } from './int-tuple';
import { describeCurve } from './weierstrass';

/** The parameters of the rank and torsion tasks. */
export const CURVE_INVARIANT_PARAMS = { base: BASE };

/**
 * Input: the five coefficients [a1, a2, a3, a4, a6] as signed integers without a `V5` prefix; output: one bare
 * token `min`..`max`, as in the lines of the Int2Int paper (§2.2) and its elliptic data files. Classes are the
 * output values themselves, so the evaluation reports the accuracy for each rank or torsion order.
 */
export abstract class CurveInvariantOperation implements Operation<number[], number> {
  readonly inputTokenizer: IntTuple;
  readonly outputTokenizer: SymbolicInt;

  protected constructor(
    params: ParamsOf<typeof CURVE_INVARIANT_PARAMS>,
    private readonly name: string,
    private readonly file: string,
    range: [number, number],
  ) {
    this.inputTokenizer = new IntTuple(5, params.base);
    this.outputTokenizer = new SymbolicInt(range[0], range[1]);
  }

  generate(): never {
    throw readsFilesError(this.name, this.file);
  }

  classOf(output: number): number {
    return output;
  }

  className(cls: number): string {
    return String(cls);
  }

  describe(input: number[]): string {
    return describeCurve(input);
  }
}
