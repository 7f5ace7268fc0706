// Tests for the modular_add operation.
import { buildOperation, testOperation } from 'int2int/testing';
import { ModularAddOperation } from './modular_add.operation';

testOperation(ModularAddOperation, {
  examples: [{ input: [985773, 305712], output: 60 }],
  wrongAnswers: [{ input: [66, 2], output: 1, predicted: 68 }],
});
testOperation(ModularAddOperation, { params: { modulus: 1000003, maxint: 10 ** 15, class_by_length: true } });

describe('modular_add', () => {
  const add = buildOperation('modular_add').operation as ModularAddOperation;

  it('adds modulo the modulus (reference §2.1: 985773 + 305712 mod 67 = 60)', () => {
    expect(add.solve([985773, 305712])).toBe(60);
    expect(add.solve([66, 1])).toBe(0);
    expect(add.describe([84, 36])).toBe('84 + 36 mod 67');
  });

  it('classes by the value, capped', () => {
    const small = buildOperation('modular_add', { max_class: 10 }).operation as ModularAddOperation;
    expect(small.classOf(60, [1, 2])).toBe(10);
    expect(add.classOf(60, [1, 2])).toBe(60);
  });

  it('rejects a modulus below 1', () => {
    expect(() => buildOperation('modular_add', { modulus: 0 })).toThrow(
      '--modulus of operation modular_add must be at least 1, got 0',
    );
  });
});
