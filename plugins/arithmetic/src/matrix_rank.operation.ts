// The matrix_rank operation: the rank of a dim1 x dim2 integer matrix built as a product P·Q (Int2Int's `matrix_rank`).
import {
  NumberArray,
  operation,
  PositionalInt,
  SymbolicInt,
  type Example,
  type Operation,
  type ParamsOf,
  type Rng,
} from 'int2int';
import { readOperandRange, type OperandRange } from './operands';
import { BASE, DIM1, DIM2, MAX_CLASS, MAXINT } from './shared-params';

const MAX_DIM = 100;

const PARAMS = {
  maxint: { ...MAXINT, range: { min: 0 } },
  base: BASE,
  max_class: { ...MAX_CLASS, range: { min: 1 } },
  dim1: DIM1,
  dim2: DIM2,
};

@operation({
  name: 'matrix_rank',
  summary: 'Rank of a dim1 x dim2 integer matrix',
  params: PARAMS,
})
export class MatrixRankOperation implements Operation<number[][], number> {
  readonly inputTokenizer: NumberArray<number[][]>;
  /** The rank as one token `1` .. `100`. */
  readonly outputTokenizer = new SymbolicInt(1, MAX_DIM);
  private readonly range: OperandRange;
  private readonly dim1: number;
  private readonly dim2: number;
  private readonly maxClass: number;

  constructor(params: ParamsOf<typeof PARAMS>) {
    this.dim1 = params.dim1;
    this.dim2 = params.dim2;
    if (Math.max(this.dim1, this.dim2) > MAX_DIM) {
      throw new Error(`--dim1 and --dim2 must be at most ${MAX_DIM}, got ${this.dim1} x ${this.dim2}`);
    }
    const maxint = params.maxint;
    // entries of P·Q are sums of up to min(dim1, dim2) products of two factors in [-maxint, maxint]
    this.range = readOperandRange({ minint: -maxint, maxint }, 'matrix_rank', Math.min(this.dim1, this.dim2));
    this.maxClass = params.max_class;
    this.inputTokenizer = new NumberArray<number[][]>(MAX_DIM, 'V', 2, new PositionalInt(params.base));
  }

  /** r ~ U[1, min(dim1, dim2)], M = P·Q with P (dim1 x r) and Q (r x dim2) uniform; retried if rank(M) != r. */
  generate(rng: Rng): Example<number[][], number> | undefined {
    const rank = rng.int(1, Math.min(this.dim1, this.dim2));
    const draw = (rows: number, cols: number): number[][] =>
      Array.from({ length: rows }, () =>
        Array.from({ length: cols }, () => rng.int(-this.range.maxint, this.range.maxint)),
      );
    const p = draw(this.dim1, rank);
    const q = draw(rank, this.dim2);
    const m = p.map((row) => q[0].map((_, j) => row.reduce((sum, x, k) => sum + x * q[k][j], 0)));
    return this.solve(m) === rank ? { input: m, output: rank } : undefined;
  }

  /** The exact rank, by fraction-free (Bareiss) Gaussian elimination over BigInt (entries reach ~1e13). */
  solve(matrix: number[][]): number {
    const rows = matrix.map((row) => row.map(BigInt));
    const cols = rows[0]?.length ?? 0;
    let rank = 0;
    let previous = 1n;
    for (let col = 0; col < cols && rank < rows.length; col++) {
      const pivot = rows.findIndex((row, i) => i >= rank && row[col] !== 0n);
      if (pivot < 0) continue;
      [rows[rank], rows[pivot]] = [rows[pivot], rows[rank]];
      const top = rows[rank];
      for (let i = rank + 1; i < rows.length; i++) {
        const factor = rows[i][col];
        // exact division: every entry is a minor of the original matrix
        rows[i] = rows[i].map((x, j) => (j < col ? x : (x * top[col] - factor * top[j]) / previous));
      }
      previous = top[col];
      rank++;
    }
    return rank;
  }

  classOf(output: number): number {
    return output % this.maxClass;
  }

  describe(matrix: number[][]): string {
    return `rank of [${matrix.map((row) => `[${row.join(', ')}]`).join(', ')}]`;
  }
}
