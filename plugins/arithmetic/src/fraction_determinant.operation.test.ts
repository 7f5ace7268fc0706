// Tests for the fraction_determinant operation and its verifier (close answers).
import { buildOperation, testOperation } from 'int2int/testing';
import { FractionDeterminantOperation } from './fraction_determinant.operation';

testOperation(FractionDeterminantOperation, {
  examples: [{ input: [985773, 305712, 435830, 117953], output: -16963578291 }],
  wrongAnswers: [{ input: [3, 4, 5, 6], output: -2, predicted: 2 }],
});

describe('fraction_determinant', () => {
  const det = buildOperation('fraction_determinant').operation as FractionDeterminantOperation;

  it('computes ad - bc (reference §2.1: - 16 963 578 291)', () => {
    expect(det.outputTokenizer.encode(det.solve([985773, 305712, 435830, 117953])).join(' ')).toBe(
      '- 16 963 578 291',
    );
    expect(det.describe([3, 4, 5, 6])).toBe('det(3/4, 5/6) = 3*6 - 4*5');
  });

  it('reports close answers as eval metrics', () => {
    expect(det.verify(-16963578291, -16963578291)).toEqual({ valid: true, evalMetrics: [1, 1] });
    expect(det.verify(-16963578000, -16963578291)).toEqual({ valid: false, evalMetrics: [1, 1] });
    expect(det.verify(-16963500000, -16963578291)).toEqual({ valid: false, evalMetrics: [1, 0] });
    expect(det.verify(0, -16963578291)).toEqual({ valid: false, evalMetrics: [0, 0] });
  });
});
