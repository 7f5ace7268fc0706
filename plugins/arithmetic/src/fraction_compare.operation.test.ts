// Tests for the fraction_compare operation.
import { Rng } from 'int2int';
import { buildOperation, drawExample, testOperation } from 'int2int/testing';
import { FractionCompareOperation } from './fraction_compare.operation';

testOperation(FractionCompareOperation, {
  examples: [
    { input: [985773, 305712, 435830, 117953], output: 0 },
    { input: [3, 4, 1, 2], output: 1 },
  ],
  wrongAnswers: [{ input: [3, 4, 1, 2], output: 1, predicted: 0 }],
});

describe('fraction_compare', () => {
  const compare = buildOperation('fraction_compare').operation as FractionCompareOperation;

  it('outputs a single token 0 or 1', () => {
    expect(compare.outputTokenizer.encode(1)).toEqual(['1']);
    const rng = new Rng([0, 0, 5]);
    const outputs = new Set(
      Array.from({ length: 100 }, () =>
        compare.outputTokenizer.encode(drawExample(compare, rng).output).join(' '),
      ),
    );
    expect([...outputs].sort()).toEqual(['0', '1']);
  });

  it('compares a/b with c/d', () => {
    expect(compare.solve([1, 2, 1, 2])).toBe(0);
    expect(compare.solve([2, 3, 1, 2])).toBe(1);
    expect(compare.describe([3, 4, 5, 6])).toBe('3/4 > 5/6 ?');
    expect(compare.classOf(1)).toBe(1);
  });
});
