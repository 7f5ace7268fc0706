// Tests for the __log__ line: Python's json.dumps spelling of non-finite scores, and reading the line back; and the
// %.6f spelling of --eval_only's `key -> value` lines.
import { parseScores, pythonFixed, scoresLine } from './scores-line';

describe('scoresLine', () => {
  it('writes the scores in order, as JSON', () => {
    expect(scoresLine({ epoch: 1, valid_arithmetic_xe_loss: 0.25, valid_arithmetic_acc: 74.2 })).toBe(
      '__log__:{"epoch":1,"valid_arithmetic_xe_loss":0.25,"valid_arithmetic_acc":74.2}',
    );
  });

  it('writes non-finite scores as Python does (NaN, Infinity, -Infinity), not as null', () => {
    expect(scoresLine({ epoch: 0, a: NaN, b: Infinity, c: -Infinity })).toBe(
      '__log__:{"epoch":0,"a":NaN,"b":Infinity,"c":-Infinity}',
    );
  });
});

describe('parseScores', () => {
  it('reads back what scoresLine writes, non-finite scores included', () => {
    const scores = { epoch: 2, loss: NaN, acc_NaN: Infinity, '"Infinity"': -Infinity, acc: 1e-7 };
    expect(parseScores(scoresLine(scores).slice('__log__:'.length))).toEqual(scores);
  });

  it("reads the original's line, with Python's separators", () => {
    expect(
      parseScores('{"epoch": 0, "valid_arithmetic_xe_loss": NaN, "valid_arithmetic_acc": 100.0}'),
    ).toEqual({
      epoch: 0,
      valid_arithmetic_xe_loss: NaN,
      valid_arithmetic_acc: 100,
    });
  });
});

describe('pythonFixed', () => {
  it('writes six decimals, and nan, inf and -inf as Python\'s "%.6f" does', () => {
    expect([0.5, 12, 1 / 3].map((value) => pythonFixed(value))).toEqual([
      '0.500000',
      '12.000000',
      '0.333333',
    ]);
    expect([NaN, Infinity, -Infinity].map((value) => pythonFixed(value))).toEqual(['nan', 'inf', '-inf']);
  });
});
