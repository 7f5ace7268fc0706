// Tests for the fraction_simplify operation.
import { Rng } from 'int2int';
import { buildOperation, drawExample, testOperation } from 'int2int/testing';
import { FractionSimplifyOperation } from './fraction_simplify.operation';

testOperation(FractionSimplifyOperation, {
  examples: [{ input: [150681317688, 214814723295], output: [152856, 217915] }],
  wrongAnswers: [{ input: [6, 8], output: [3, 4], predicted: [6, 8] }],
});

describe('fraction_simplify', () => {
  const simplify = buildOperation('fraction_simplify').operation as FractionSimplifyOperation;

  it('reduces fractions (reference §2.1)', () => {
    expect(simplify.solve([6, 8])).toEqual([3, 4]);
    expect(simplify.describe([6, 8])).toBe('simplify 6/8');
  });

  it('generates inputs that are a multiple (> 1) of the reduced output', () => {
    const rng = new Rng([0, 0, 3]);
    for (let i = 0; i < 100; i++) {
      const { input, output } = drawExample(simplify, rng);
      const factor = input[0] / output[0];
      expect(factor).toBeGreaterThanOrEqual(2);
      expect(input[1]).toBe(factor * output[1]);
    }
  });
});
