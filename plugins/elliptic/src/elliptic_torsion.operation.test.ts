// Tests for elliptic_torsion: the conformance harness, Mazur's torsion orders as classes, the file-only error.
import { buildOperation, testOperation } from 'int2int/testing';
import { EllipticTorsionOperation } from './elliptic_torsion.operation';

testOperation(EllipticTorsionOperation, {
  params: { base: 10 },
  examples: [
    { input: [1, 0, 1, 1, -28], output: 1 },
    { input: [1, 1, 1, -1291, -18391], output: 2 },
  ],
  wrongAnswers: [{ input: [1, 1, 1, -1291, -18391], output: 2, predicted: 4 }],
});

describe('elliptic_torsion', () => {
  const torsion = buildOperation('elliptic_torsion').operation as EllipticTorsionOperation;

  it('reads the bare torsion orders 1..16 of the shared files', () => {
    expect(torsion.inputTokenizer.decode('+ 1 + 1 + 1 - 1 291 - 18 391'.split(' '))).toEqual([
      1, 1, 1, -1291, -18391,
    ]);
    expect([1, 2, 12, 16].map((t) => torsion.outputTokenizer.decode([String(t)]))).toEqual([1, 2, 12, 16]);
    expect(torsion.outputTokenizer.decode(['0'])).toBeUndefined();
    expect(torsion.outputTokenizer.decode(['17'])).toBeUndefined();
  });

  it('classes examples by torsion order', () => {
    expect(torsion.classOf(12)).toBe(12);
    expect(torsion.className(12)).toBe('12');
  });

  it('has no generator: it points to the torsion files', () => {
    expect(() => torsion.generate()).toThrow(/torsion\.train\.gz/);
  });

  it('rejects a base below 2', () => {
    expect(() => buildOperation('elliptic_torsion', { base: 1 })).toThrow(
      '--base of operation elliptic_torsion must be at least 2, got 1',
    );
  });
});
