// Tests for ScoreBoard: Int2Int's metric names and formulas (xe_loss, acc, perfect, correct, d1-d3, eval/error, per class, beam).
import { ScoreBoard, type HypothesisScore } from './score-board';

const P = 'valid_arithmetic';

/** A hypothesis: wrong, well formed and not positive unless `score` says otherwise. */
function hypothesis(score: Partial<HypothesisScore> = {}): HypothesisScore {
  return { valid: false, wellFormed: true, positive: false, ...score };
}

describe('ScoreBoard', () => {
  it('computes the Int2Int metrics from the counters, in order', () => {
    const board = new ScoreBoard(1, 1);
    board.addLoss(6);
    board.addLoss(2);
    board.addPerfect(0);
    board.addPerfect(1);
    // Not perfect but valid after verification, well formed, positive, with extra metrics.
    board.addPrediction(1, [
      hypothesis({ valid: true, positive: true, evalMetrics: [1], errorMetrics: [0.5] }),
    ]);
    // Wrong but well formed and positive.
    board.addPrediction(2, [hypothesis({ positive: true, evalMetrics: [0], errorMetrics: [1] })]);
    // Not even decodable.
    board.addPrediction(2, [hypothesis({ wellFormed: false })]);
    const { metrics } = board.result(P, (cls) => `c${cls}`);
    expect(board.total).toBe(5);
    expect(board.validCount).toBe(3);
    expect(Object.keys(metrics)).toEqual([
      `${P}_xe_loss`,
      `${P}_acc`,
      `${P}_perfect`,
      `${P}_correct`,
      `${P}_acc_d1`,
      `${P}_acc_d2`,
      `${P}_acc_d3`,
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
    // d1, d2 = perfect + valid rows or rows whose first (second) eval metric is > 0; there is one eval metric
    expect(metrics[`${P}_acc_d1`]).toBeCloseTo(60);
    expect(metrics[`${P}_acc_d2`]).toBeCloseTo(60);
    // d3 = perfect + rows whose prediction is positive
    expect(metrics[`${P}_acc_d3`]).toBeCloseTo(80);
    // acc_eval = perfect + sum of eval metrics; acc_error = sum of error metrics alone
    expect(metrics[`${P}_acc_eval1`]).toBeCloseTo(60);
    expect(metrics[`${P}_acc_error1`]).toBeCloseTo(30);
    expect(metrics[`${P}_acc_c0`]).toBe(100);
    expect(metrics[`${P}_acc_c1`]).toBe(100);
    expect(metrics[`${P}_acc_c2`]).toBe(0);
  });

  it('reports each class with its name, counts and sorted by class number', () => {
    const board = new ScoreBoard(0, 0);
    board.addPrediction(10, [hypothesis()]);
    board.addPerfect(3);
    board.addPrediction(3, [hypothesis({ wellFormed: false })]);
    board.addPerfect(10);
    board.addPrediction(10, [hypothesis({ valid: true })]);
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
    board.addPrediction(0, [hypothesis({ evalMetrics: [1, 0.5, 1], errorMetrics: [1] })]);
    board.addPrediction(0, [hypothesis({ evalMetrics: [0, 0.5] })]);
    const { metrics } = board.result(P, String);
    expect(metrics[`${P}_acc_eval1`]).toBe(50);
    expect(metrics[`${P}_acc_eval2`]).toBe(50);
    expect(`${P}_acc_eval3` in metrics).toBe(false);
    expect(`${P}_acc_error1` in metrics).toBe(false);
    // d1 and d2 read the first two eval metrics
    expect(metrics[`${P}_acc_d1`]).toBe(50);
    expect(metrics[`${P}_acc_d2`]).toBe(100);
  });

  it('writes what the original writes for gcd: acc_d1 = acc_d2 = perfect, acc_d3 counts positive predictions', () => {
    const board = new ScoreBoard(0, 0);
    board.addPerfect(1);
    board.addPerfect(2);
    board.addPrediction(1, [hypothesis({ positive: true, evalMetrics: [1, 1] })]);
    board.addPrediction(3, [hypothesis()]);
    board.addPrediction(3, [hypothesis({ wellFormed: false })]);
    const { metrics } = board.result(P, String);
    expect(metrics).toEqual({
      [`${P}_xe_loss`]: 0,
      [`${P}_acc`]: 40,
      [`${P}_perfect`]: 40,
      [`${P}_correct`]: 80,
      [`${P}_acc_d1`]: 40,
      [`${P}_acc_d2`]: 40,
      [`${P}_acc_d3`]: 60,
      [`${P}_acc_1`]: 50,
      [`${P}_acc_2`]: 100,
      [`${P}_acc_3`]: 0,
    });
    expect(Object.keys(metrics)).toEqual([
      `${P}_xe_loss`,
      `${P}_acc`,
      `${P}_perfect`,
      `${P}_correct`,
      `${P}_acc_d1`,
      `${P}_acc_d2`,
      `${P}_acc_d3`,
      `${P}_acc_1`,
      `${P}_acc_2`,
      `${P}_acc_3`,
    ]);
  });

  it('counts close answers as d1 and d2 from the eval metrics, as the original does for fraction_determinant', () => {
    const board = new ScoreBoard(2, 0);
    board.addPerfect(0);
    board.addPrediction(0, [hypothesis({ positive: true, evalMetrics: [1, 1] })]); // |error| < 1e4
    board.addPrediction(0, [hypothesis({ evalMetrics: [1, 0] })]); // 1e4 <= |error| < 1e6
    board.addPrediction(0, [hypothesis({ evalMetrics: [0, 0] })]);
    const { metrics } = board.result(P, String);
    expect(metrics[`${P}_acc_d1`]).toBe(75);
    expect(metrics[`${P}_acc_d2`]).toBe(50);
    expect(metrics[`${P}_acc_d3`]).toBe(50);
  });

  it('adds the beam metrics, where a row counts when any hypothesis does, to those of the best hypothesis', () => {
    const board = new ScoreBoard(1, 1, true);
    board.addPerfect(1);
    // The best hypothesis is wrong, the second right.
    board.addPrediction(1, [
      hypothesis({ evalMetrics: [0], errorMetrics: [1] }),
      hypothesis({ valid: true, positive: true, evalMetrics: [1], errorMetrics: [0] }),
    ]);
    // Every hypothesis is wrong; the second is positive.
    board.addPrediction(2, [hypothesis({ wellFormed: false }), hypothesis({ positive: true })]);
    board.addPrediction(2, [hypothesis()]);
    const { metrics } = board.result(P, String);
    expect(Object.keys(metrics)).toEqual([
      `${P}_xe_loss`,
      `${P}_acc`,
      `${P}_perfect`,
      `${P}_correct`,
      `${P}_acc_d1`,
      `${P}_acc_d2`,
      `${P}_acc_d3`,
      `${P}_beam_acc`,
      `${P}_beam_acc_d1`,
      `${P}_beam_acc_d2`,
      `${P}_beam_acc_d3`,
      `${P}_acc_eval1`,
      `${P}_acc_error1`,
      `${P}_acc_1`,
      `${P}_acc_2`,
      `${P}_beam_acc_1`,
      `${P}_beam_acc_2`,
    ]);
    // the best hypothesis: acc, correct (well formed), d1..d3 and the error metrics
    expect(metrics[`${P}_acc`]).toBe(25);
    expect(metrics[`${P}_correct`]).toBe(75);
    expect(metrics[`${P}_acc_d1`]).toBe(25);
    expect(metrics[`${P}_acc_d3`]).toBe(25);
    expect(metrics[`${P}_acc_error1`]).toBe(25);
    expect(metrics[`${P}_acc_1`]).toBe(50);
    // any hypothesis: beam_acc, beam_acc_d1..d3, beam_acc_<class>, and the eval metrics
    expect(metrics[`${P}_beam_acc`]).toBe(50);
    expect(metrics[`${P}_beam_acc_d1`]).toBe(50);
    expect(metrics[`${P}_beam_acc_d2`]).toBe(50);
    expect(metrics[`${P}_beam_acc_d3`]).toBe(75);
    expect(metrics[`${P}_acc_eval1`]).toBe(50);
    expect(metrics[`${P}_beam_acc_1`]).toBe(100);
    expect(metrics[`${P}_beam_acc_2`]).toBe(0);
  });

  it('returns zeros, not NaN, for an empty evaluation', () => {
    const { metrics, classes, mistakes } = new ScoreBoard(1, 1).result(P, String);
    expect(metrics).toEqual({
      [`${P}_xe_loss`]: 0,
      [`${P}_acc`]: 0,
      [`${P}_perfect`]: 0,
      [`${P}_correct`]: 0,
      [`${P}_acc_d1`]: 0,
      [`${P}_acc_d2`]: 0,
      [`${P}_acc_d3`]: 0,
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
