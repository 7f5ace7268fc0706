// Tests for elliptic_rank: the conformance harness, the shared files' line format, classes and the file-only error.
import { buildOperation, testOperation } from 'int2int/testing';
import { EllipticRankOperation } from './elliptic_rank.operation';

// The first line of the rank.test.gz data file (Cremona 67170f1).
const LINE = '+ 1 + 0 + 1 + 1 - 28\t0';

testOperation(EllipticRankOperation, {
  examples: [
    { input: [1, 0, 1, 1, -28], output: 0 },
    { input: [0, 0, 0, -12106875, -16216753750], output: 1 },
  ],
  wrongAnswers: [{ input: [1, 0, 1, 1, -28], output: 0, predicted: 1 }],
});

describe('elliptic_rank', () => {
  const rank = buildOperation('elliptic_rank').operation as EllipticRankOperation;

  it('reads and writes the lines of the shared files as they are', () => {
    const [input, output] = LINE.split('\t').map((side) => side.split(' '));
    expect(rank.inputTokenizer.decode(input)).toEqual([1, 0, 1, 1, -28]);
    expect(rank.outputTokenizer.decode(output)).toBe(0);
    expect(
      [...rank.inputTokenizer.encode([1, 0, 1, 1, -28]), '\t', ...rank.outputTokenizer.encode(0)].join(' '),
    ).toBe(LINE.replace('\t', ' \t '));
  });

  it('classes examples by rank, named by the rank', () => {
    expect([0, 1, 2, 3].map((r) => rank.classOf(r))).toEqual([0, 1, 2, 3]);
    expect(rank.className(2)).toBe('2');
    expect(rank.outputTokenizer.decode(['-1'])).toBeUndefined();
  });

  it('describes a curve by its equation', () => {
    expect(rank.describe([0, -1, 1, -10, -20])).toBe('y^2 + y = x^3 - x^2 - 10x - 20');
    expect(rank.describe([1, 0, 1, 1, -28])).toBe('y^2 + xy + y = x^3 + x - 28');
  });

  it('has no generator: it points to the data files', () => {
    expect(() => rank.generate()).toThrow(/--train_data .*rank\.train\.gz .*int2int elliptic:prepare/);
  });
});
