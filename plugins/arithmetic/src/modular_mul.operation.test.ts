// Tests for the modular_mul operation.
import { buildOperation, testOperation } from 'int2int/testing';
import { ModularMulOperation } from './modular_mul.operation';

testOperation(ModularMulOperation, {
  examples: [{ input: [12, 18], output: 15 }],
  wrongAnswers: [{ input: [12, 18], output: 15, predicted: 216 }],
});
testOperation(ModularMulOperation, { params: { maxint: Number.MAX_SAFE_INTEGER, modulus: 94906266 } });

describe('modular_mul', () => {
  const mul = buildOperation('modular_mul').operation as ModularMulOperation;

  it('multiplies modulo the modulus without losing precision', () => {
    expect(mul.solve([12, 18])).toBe(216 % 67);
    expect(mul.describe([84, 36])).toBe('84 * 36 mod 67');
    const big = buildOperation('modular_mul', { modulus: 94906266 }).operation as ModularMulOperation;
    const [a, b] = [94906265, 94906264];
    expect(big.solve([a, b])).toBe(Number((BigInt(a) * BigInt(b)) % 94906266n));
  });

  it('rejects a modulus whose products are not safe integers', () => {
    expect(() => buildOperation('modular_mul', { modulus: 10 ** 9 })).toThrow(
      /--modulus 1000000000 is too large/,
    );
  });
});
