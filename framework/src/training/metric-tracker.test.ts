// Tests for --validation_metrics and --stopping_criterion parsing, and the improvement rule.
import { isImprovement, parseMetricList, parseStoppingCriterion } from './metric-tracker';

describe('parseMetricList', () => {
  it('reads a comma list, the `_` prefix meaning lower is better', () => {
    expect(parseMetricList('valid_arithmetic_acc, _valid_arithmetic_xe_loss,,')).toEqual([
      { name: 'valid_arithmetic_acc', lowerIsBetter: false },
      { name: 'valid_arithmetic_xe_loss', lowerIsBetter: true },
    ]);
    expect(parseMetricList('')).toEqual([]);
  });
});

describe('parseStoppingCriterion', () => {
  it('reads metric,N', () => {
    expect(parseStoppingCriterion('valid_arithmetic_acc,20')).toEqual({
      name: 'valid_arithmetic_acc',
      lowerIsBetter: false,
      patience: 20,
    });
    expect(parseStoppingCriterion(' _valid_arithmetic_xe_loss,3 ')).toEqual({
      name: 'valid_arithmetic_xe_loss',
      lowerIsBetter: true,
      patience: 3,
    });
  });

  it('is undefined when empty and rejects other forms', () => {
    expect(parseStoppingCriterion('')).toBeUndefined();
    for (const bad of ['valid_arithmetic_acc', 'valid_arithmetic_acc,x', 'a,b,3', 'acc,-1', ',5']) {
      expect(() => parseStoppingCriterion(bad)).toThrow(
        `--stopping_criterion "${bad}" must be metric,N (e.g. valid_arithmetic_acc,20)`,
      );
    }
  });
});

describe('isImprovement', () => {
  const higher = { name: 'acc', lowerIsBetter: false };
  const lower = { name: 'xe_loss', lowerIsBetter: true };

  it('counts any first value as an improvement', () => {
    expect(isImprovement(higher, 0, undefined)).toBe(true);
    expect(isImprovement(lower, 1e9, null)).toBe(true);
  });

  it('compares strictly in the direction of the metric', () => {
    expect(isImprovement(higher, 51, 50)).toBe(true);
    expect(isImprovement(higher, 50, 50)).toBe(false);
    expect(isImprovement(higher, 49, 50)).toBe(false);
    expect(isImprovement(lower, 0.4, 0.5)).toBe(true);
    expect(isImprovement(lower, 0.5, 0.5)).toBe(false);
    expect(isImprovement(lower, 0.6, 0.5)).toBe(false);
    expect(isImprovement(higher, -1, 0)).toBe(false);
  });
});
