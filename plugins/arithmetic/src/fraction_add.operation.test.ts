// Tests for the fraction_add operation.
import { buildOperation, testOperation } from 'int2int/testing';
import { FractionAddOperation } from './fraction_add.operation';

testOperation(FractionAddOperation, {
  examples: [
    { input: [3, 4, 5, 6], output: [19, 12] },
    { input: [985773, 305712, 435830, 117953], output: [687364583, 99337872] },
  ],
  wrongAnswers: [{ input: [1, 2, 1, 2], output: [1, 1], predicted: [2, 2] }],
});

describe('fraction_add', () => {
  const add = buildOperation('fraction_add').operation as FractionAddOperation;

  it('adds fractions in lowest terms, with a V2 output (reference §2.1)', () => {
    expect(add.solve([1, 6, 1, 3])).toEqual([1, 2]);
    expect(add.outputTokenizer.encode([687364583, 99337872]).join(' ')).toBe('V2 + 687 364 583 + 99 337 872');
    expect(add.describe([3, 4, 5, 6])).toBe('3/4 + 5/6');
    expect(add.describeOutput([19, 12])).toBe('19/12');
    expect(add.classOf()).toBe(0);
  });

  it('refuses a maxint whose products would not be safe integers', () => {
    expect(() => buildOperation('fraction_add', { maxint: 10 ** 8 })).toThrow(
      /--maxint 100000000 is too large for fraction_add.*largest allowed --maxint is 67108863/,
    );
    expect(() => buildOperation('fraction_add', { maxint: 67108863 })).not.toThrow();
  });
});
