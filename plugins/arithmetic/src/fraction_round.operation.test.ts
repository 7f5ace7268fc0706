// Tests for the fraction_round operation.
import { Rng } from 'int2int';
import { buildOperation, drawExample, testOperation } from 'int2int/testing';
import { FractionRoundOperation } from './fraction_round.operation';

testOperation(FractionRoundOperation, {
  examples: [{ input: [429629752302, 435830], output: 985773 }],
  wrongAnswers: [{ input: [7, 2], output: 3, predicted: 4 }],
});

describe('fraction_round', () => {
  const round = buildOperation('fraction_round').operation as FractionRoundOperation;

  it('outputs floor(a/b) of its input', () => {
    const rng = new Rng([0, 0, 9]);
    for (let i = 0; i < 200; i++) {
      const { input, output } = drawExample(round, rng);
      expect(output).toBe(Math.floor(input[0] / input[1]));
      expect(input[0] % input[1]).toBeLessThan(input[1]);
    }
    expect(round.describe([7, 2])).toBe('floor(7 / 2)');
  });
});
