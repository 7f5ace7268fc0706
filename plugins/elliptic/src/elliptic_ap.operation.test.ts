// Tests for elliptic_ap: the conformance harness, the ap25 line format, eval metrics and classes by a_2.
import { buildOperation, testOperation } from 'int2int/testing';
import { EllipticApOperation } from './elliptic_ap.operation';

// The first line of the ap25.test.gz data file (Cremona 67170f1 = [1, 0, 1, 1, -28]).
const OUTPUT =
  '- 1 + 1 - 1 + 4 - 2 + 6 - 7 + 2 - 4 - 3 + 3 + 6 + 12 + 7 - 7 + 9 + 6 + 11 - 13 + 0 + 1 + 0 + 9 + 9 + 14';
const APS = [-1, 1, -1, 4, -2, 6, -7, 2, -4, -3, 3, 6, 12, 7, -7, 9, 6, 11, -13, 0, 1, 0, 9, 9, 14];
// 11a1 = X_0(11)
const AP_11A1 = [-2, -1, 1, -2, 1, 4, -2, 0, -1, 0, 7, 3, -8, -6, 8, -6, 5, 12, -7, -3, 4, -10, -6, 15, -7];

testOperation(EllipticApOperation, {
  examples: [
    { input: [1, 0, 1, 1, -28], output: APS },
    { input: [0, -1, 1, -10, -20], output: AP_11A1 },
  ],
  wrongAnswers: [{ input: [0, -1, 1, -10, -20], output: AP_11A1, predicted: [2, ...AP_11A1.slice(1)] }],
});

describe('elliptic_ap', () => {
  const ap = buildOperation('elliptic_ap').operation as EllipticApOperation;

  it('reads the 25 a_p of the ap25 files, without a V25 prefix', () => {
    expect(ap.outputTokenizer.decode(OUTPUT.split(' '))).toEqual(APS);
    expect(ap.outputTokenizer.encode(APS).join(' ')).toBe(OUTPUT);
    expect(ap.outputTokenizer.decode(OUTPUT.split(' ').slice(0, 48))).toBeUndefined();
  });

  it('gives partial credit: share of exact a_p, a_2 exact, share within the Hasse bound', () => {
    const wrongA3 = [APS[0], 99, ...APS.slice(2)];
    expect(ap.verify(wrongA3, APS)).toEqual({ valid: false, evalMetrics: [24 / 25, 1, 24 / 25] });
    const wrongA2 = [0, ...APS.slice(1)];
    expect(ap.verify(wrongA2, APS)).toEqual({ valid: false, evalMetrics: [24 / 25, 0, 1] });
    expect(ap.verify(APS, APS).valid).toBe(true);
  });

  it('classes examples by a_2, named by its value', () => {
    expect(ap.classOf(APS)).toBe(1);
    expect(ap.className(1)).toBe('-1');
    expect(ap.classOf(AP_11A1)).toBe(0);
    expect(ap.className(4)).toBe('2');
  });

  it('describes the problem and points to the ap25 files for data', () => {
    expect(ap.describe([0, -1, 1, -10, -20])).toBe('a_p of y^2 + y = x^3 - x^2 - 10x - 20');
    expect(() => ap.generate()).toThrow(/ap25\.train\.gz/);
  });
});
