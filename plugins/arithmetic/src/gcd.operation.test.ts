// Tests for the gcd operation: the conformance harness, Int2Int's token layout and classes.
import { Rng } from 'int2int';
import { buildOperation, drawExample, testOperation } from 'int2int/testing';
import { GcdOperation } from './gcd.operation';

testOperation(GcdOperation, {
  params: { maxint: 100, base: 10 },
  examples: [
    { input: [12, 18], output: 6 },
    { input: [7, 13], output: 1 },
  ],
  wrongAnswers: [{ input: [12, 18], output: 6, predicted: 3 }],
});
testOperation(GcdOperation, { params: { class_by_length: true } });

describe('gcd', () => {
  const gcd = buildOperation('gcd').operation as GcdOperation;

  it('computes the greatest common divisor', () => {
    expect(gcd.solve([12, 18])).toBe(6);
    expect(gcd.solve([17, 5])).toBe(1);
    expect(gcd.describe([84, 36])).toBe('gcd(84, 36)');
  });

  it('encodes as Int2Int does: V2 + 985 773 + 305 712 and + 3 (reference §2.1)', () => {
    expect(gcd.inputTokenizer.encode([985773, 305712]).join(' ')).toBe('V2 + 985 773 + 305 712');
    expect(gcd.outputTokenizer.encode(3)).toEqual(['+', '3']);
  });

  it('has 7-token inputs for operands of 4 to 6 digits', () => {
    const rng = new Rng([0, 0, 1]);
    const lengths = Array.from(
      { length: 200 },
      () => gcd.inputTokenizer.encode(drawExample(gcd, rng).input).length,
    );
    expect(lengths.filter((n) => n === 7).length).toBeGreaterThan(190);
  });

  it('caps classes at max_class, and adds 1000 * floor(log10(max input)) with class_by_length', () => {
    expect(gcd.classOf(6, [12, 18])).toBe(6);
    expect(gcd.classOf(500, [1000, 500])).toBe(101);
    const byLength = buildOperation('gcd', { class_by_length: true }).operation as GcdOperation;
    expect(byLength.classOf(6, [123, 18])).toBe(2006);
    expect(byLength.className(2006)).toBe('2-6');
    expect(byLength.className(6)).toBe('6');
  });

  it('rejects unknown and mistyped parameters', () => {
    expect(() => buildOperation('gcd', { maxnt: 5 })).toThrow(
      /Unknown parameter --maxnt .* Did you mean --maxint\?/,
    );
    expect(() => buildOperation('gcd', { maxint: 'big' })).toThrow(
      '--maxint of operation gcd must be an integer',
    );
    expect(() => buildOperation('gcd', { minint: 10, maxint: 5 })).toThrow(/must not exceed --maxint/);
  });
});
