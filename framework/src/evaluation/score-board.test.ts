// Tests for ScoreBoard: Int2Int's metric names and formulas (xe_loss, acc, perfect, correct, eval/error, per class).
import { ScoreBoard } from './score-board';

const P = 'valid_arithmetic';

describe('ScoreBoard', () => {
  it('computes the Int2Int metrics from the counters, in order', () => {
    const board = new ScoreBoard(1, 1);
    board.addLoss(6);
    board.addLoss(2);
    board.addPerfect(0);
    board.addPerfect(1);
    // Not perfect but valid after verification, well formed, with extra metrics.
    board.addPrediction(1, true, true, [1], [0.5]);
    // Wrong but well formed.
    board.addPrediction(2, false, true, [0], [1]);
    // Not even decodable.
    board.addPrediction(2, false, false);
    const { metrics } = board.result(P, (cls) => `c${cls}`);
    expect(board.total).toBe(5);
    expect(board.validCount).toBe(3);
    expect(Object.keys(metrics)).toEqual([
      `${P}_xe_loss`,
      `${P}_acc`,
      `${P}_perfect`,
      `${P}_correct`,
      `${P}_acc_eval1`,
      `${P}_acc_error1`,
      `${P}_acc_c0`,
      `${P}_acc_c1`,
      `${P}_acc_c2`,
    ]);
    expect(metrics[`${P}_xe_loss`]).toBeCloseTo(8 / 5);
    expect(metrics[`${P}_acc`]).toBeCloseTo(60);
    expect(metrics[`${P}_perfect`]).toBeCloseTo(40);
    // correct = perfect + well-formed predictions
    expect(metrics[`${P}_correct`]).toBeCloseTo(80);
    // acc_eval = perfect + sum of eval metrics; acc_error = sum of error metrics alone
    expect(metrics[`${P}_acc_eval1`]).toBeCloseTo(60);
    expect(metrics[`${P}_acc_error1`]).toBeCloseTo(30);
    expect(metrics[`${P}_acc_c0`]).toBe(100);
    expect(metrics[`${P}_acc_c1`]).toBe(100);
    expect(metrics[`${P}_acc_c2`]).toBe(0);
  });

  it('reports each class with its name, counts and sorted by class number', () => {
    const board = new ScoreBoard(0, 0);
    board.addPrediction(10, false, true);
    board.addPerfect(3);
    board.addPrediction(3, false, false);
    board.addPerfect(10);
    board.addPrediction(10, true, true);
    const { classes, metrics } = board.result('test_arithmetic', (cls) =>
      cls === 3 ? 'three' : String(cls),
    );
    expect(classes).toEqual([
      { name: 'three', correct: 1, total: 2 },
      { name: '10', correct: 2, total: 3 },
    ]);
    expect(metrics.test_arithmetic_acc_three).toBe(50);
    expect(metrics.test_arithmetic_acc_10).toBeCloseTo(200 / 3);
    expect(Object.keys(metrics).some((k) => k.includes('eval') || k.includes('error'))).toBe(false);
  });

  it('ignores extra metric values beyond the declared counts', () => {
    const board = new ScoreBoard(2, 0);
    board.addPrediction(0, false, true, [1, 0.5, 1], [1]);
    board.addPrediction(0, false, true, [0, 0.5]);
    const { metrics } = board.result(P, String);
    expect(metrics[`${P}_acc_eval1`]).toBe(50);
    expect(metrics[`${P}_acc_eval2`]).toBe(50);
    expect(`${P}_acc_eval3` in metrics).toBe(false);
    expect(`${P}_acc_error1` in metrics).toBe(false);
  });

  it('returns zeros, not NaN, for an empty evaluation', () => {
    const { metrics, classes, mistakes } = new ScoreBoard(1, 1).result(P, String);
    expect(metrics).toEqual({
      [`${P}_xe_loss`]: 0,
      [`${P}_acc`]: 0,
      [`${P}_perfect`]: 0,
      [`${P}_correct`]: 0,
      [`${P}_acc_eval1`]: 0,
      [`${P}_acc_error1`]: 0,
    });
    expect(classes).toEqual([]);
    expect(mistakes).toEqual([]);
  });

  it('keeps the first `keep` mistakes', () => {
    const board = new ScoreBoard(0, 0);
    const mistake = (i: number) => ({ problem: `gcd(${i}, 6)`, predicted: '1', expected: '2' });
    for (let i = 0; i < 5; i++) board.addMistake(mistake(i), 3);
    expect(board.result(P, String).mistakes).toEqual([mistake(0), mistake(1), mistake(2)]);
    const none = new ScoreBoard(0, 0);
    none.addMistake(mistake(0), 0);
    expect(none.result(P, String).mistakes).toEqual([]);
  });
});
