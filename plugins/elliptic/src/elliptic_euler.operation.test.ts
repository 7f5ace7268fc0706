// Tests for elliptic_euler: the conformance harness for both tasks, exact a_p of generated curves, parameters.
import { Rng } from 'int2int';
import { buildOperation, drawExample, testOperation } from 'int2int/testing';
import { apList, firstPrimes } from './ap';
import { EllipticEulerOperation } from './elliptic_euler.operation';
import { coefficientsOf, invariantsOf } from './weierstrass';

const AP_11A1 = [-2, -1, 1, -2, 1, 4, -2, 0, -1, 0, 7, 3, -8, -6, 8, -6, 5, 12, -7, -3, 4, -10, -6, 15, -7];

testOperation(EllipticEulerOperation, {
  samples: 50,
  examples: [{ input: [0, -1, 1, -10, -20], output: AP_11A1 }],
  wrongAnswers: [{ input: [0, -1, 1, -10, -20], output: AP_11A1, predicted: AP_11A1.map((a) => -a) }],
});
testOperation(EllipticEulerOperation, {
  params: { task: 'one', target_prime: 5, n_primes: 6, coef_max: 50 },
  examples: [{ input: [0, -1, 1, -10, -20, -2, -1, -2, 1, 4], output: [1] }],
});

describe('elliptic_euler', () => {
  it('draws non-singular curves in the range, with their exact a_p', () => {
    const euler = buildOperation('elliptic_euler', { coef_max: 20, n_primes: 10 })
      .operation as EllipticEulerOperation;
    const rng = new Rng([0, 0, 3]);
    for (let i = 0; i < 100; i++) {
      const { input, output } = drawExample(euler, rng);
      const [a1, a2, a3, a4, a6] = input;
      expect([a1, a3]).toEqual([a1 & 1, a3 & 1]);
      expect(Math.abs(a2) <= 1 && Math.abs(a4) <= 20 && Math.abs(a6) <= 20).toBe(true);
      expect(invariantsOf(coefficientsOf(input)).discriminant).not.toBe(0n);
      expect(output).toEqual(apList(coefficientsOf(input), firstPrimes(10)));
    }
  });

  it('with task one, gives the other a_p in the input and predicts the target one', () => {
    const euler = buildOperation('elliptic_euler', { task: 'one', target_prime: 3 })
      .operation as EllipticEulerOperation;
    const { input, output } = drawExample(euler, new Rng([0, 0, 1]));
    const aps = apList(coefficientsOf(input.slice(0, 5)), firstPrimes(25));
    expect(input.slice(5)).toEqual([aps[0], ...aps.slice(2)]);
    expect(output).toEqual([aps[1]]);
    expect(euler.classOf([-3])).toBe(0);
    expect(euler.className(euler.classOf([2]))).toBe('2');
    expect(euler.describe(input)).toMatch(/^a_3 of y\^2/);
  });

  it('scores predictions like elliptic_ap', () => {
    const euler = buildOperation('elliptic_euler').operation as EllipticEulerOperation;
    expect(euler.verify([0, ...AP_11A1.slice(1)], AP_11A1)).toEqual({
      valid: false,
      evalMetrics: [24 / 25, 0, 1],
    });
    expect(euler.describe([0, -1, 1, -10, -20])).toBe('a_2 .. a_97 of y^2 + y = x^3 - x^2 - 10x - 20');
  });

  it('checks its parameters', () => {
    expect(() => buildOperation('elliptic_euler', { task: 'one', target_prime: 4 })).toThrow(
      /--target_prime must be one of/,
    );
    expect(() => buildOperation('elliptic_euler', { task: 'some' })).toThrow(/must be one of all, one/);
    expect(() => buildOperation('elliptic_euler', { coef_max: 0 })).toThrow(
      '--coef_max of operation elliptic_euler must be from 1 to',
    );
  });
});
