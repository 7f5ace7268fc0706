// Tests for the fraction_product operation.
import { buildOperation, testOperation } from 'int2int/testing';
import { FractionProductOperation } from './fraction_product.operation';

testOperation(FractionProductOperation, {
  examples: [{ input: [3, 4, 5, 6], output: [5, 8] }],
  wrongAnswers: [{ input: [3, 4, 5, 6], output: [5, 8], predicted: [15, 24] }],
});

describe('fraction_product', () => {
  const product = buildOperation('fraction_product').operation as FractionProductOperation;

  it('multiplies fractions in lowest terms', () => {
    expect(product.solve([2, 3, 3, 4])).toEqual([1, 2]);
    expect(product.describe([3, 4, 5, 6])).toBe('3/4 * 5/6');
  });

  it('refuses a maxint whose products would not be safe integers', () => {
    expect(() => buildOperation('fraction_product', { maxint: 10 ** 8 })).toThrow(
      /largest allowed --maxint is 94906265/,
    );
  });
});
