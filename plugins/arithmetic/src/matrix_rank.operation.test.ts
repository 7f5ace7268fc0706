// Tests for the matrix_rank operation: exact ranks, Int2Int's layout, the distribution of small cases.
import { Rng } from 'int2int';
import { buildOperation, drawExample, testOperation } from 'int2int/testing';
import { MatrixRankOperation } from './matrix_rank.operation';

testOperation(MatrixRankOperation, {
  params: { dim1: 3, dim2: 3, maxint: 9 },
  examples: [
    {
      input: [
        [-36, -12, 0],
        [54, 18, 0],
        [36, 12, 0],
      ],
      output: 1,
    },
  ],
  wrongAnswers: [
    {
      input: [
        [1, 0],
        [0, 1],
      ],
      output: 2,
      predicted: 1,
    },
  ],
});
testOperation(MatrixRankOperation, { samples: 20 });

describe('matrix_rank', () => {
  const small = buildOperation('matrix_rank', { dim1: 3, dim2: 3, maxint: 9 })
    .operation as MatrixRankOperation;

  it('encodes V3 V3 then the entries row-major (reference §2.1)', () => {
    expect(
      small.inputTokenizer
        .encode([
          [-36, -12, 0],
          [54, 18, 0],
          [36, 12, 0],
        ])
        .join(' '),
    ).toBe('V3 V3 - 36 - 12 + 0 + 54 + 18 + 0 + 36 + 12 + 0');
    expect(small.outputTokenizer.encode(1)).toEqual(['1']);
  });

  it('computes exact ranks', () => {
    expect(
      small.solve([
        [1, 2],
        [2, 4],
      ]),
    ).toBe(1);
    expect(
      small.solve([
        [0, 0],
        [0, 0],
      ]),
    ).toBe(0);
    expect(
      small.solve([
        [0, 1, 2],
        [0, 2, 4],
        [1, 0, 0],
      ]),
    ).toBe(2);
    expect(
      small.solve([
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 10],
      ]),
    ).toBe(3);
    const big = 10 ** 13;
    expect(
      small.solve([
        [big, big + 1],
        [big + 1, big + 2],
      ]),
    ).toBe(2);
    expect(
      small.describe([
        [1, 2],
        [3, 4],
      ]),
    ).toBe('rank of [[1, 2], [3, 4]]');
  });

  it('covers ranks 1..3 over 200 draws of 3x3 matrices with maxint 9', () => {
    const rng = new Rng([0, 0, 11]);
    const ranks = new Set(Array.from({ length: 200 }, () => drawExample(small, rng).output));
    expect([...ranks].sort()).toEqual([1, 2, 3]);
  });

  it('rejects dimensions above 100 and a maxint whose entries would not be safe integers', () => {
    expect(() => buildOperation('matrix_rank', { dim1: 101 })).toThrow(/at most 100/);
    expect(() => buildOperation('matrix_rank', { maxint: 10 ** 8 })).toThrow(/too large for matrix_rank/);
  });
});
