// Tests for the run panel's number formats and its curve smoothing.
import { durationUnit, formatCount, formatLoss, formatPercent, formatScientific, formatTick } from './format';
import { smooth } from './smoothing';

describe('formats', () => {
  it('writes percentages with one decimal and losses with four', () => {
    expect(formatPercent(62)).toBe('62.0%');
    expect(formatLoss(3.42983787)).toBe('3.4298');
    expect(formatLoss(0.000123456)).toBe('0.0001235');
  });

  it('writes learning rates and tiny ticks in scientific notation, and other ticks with the decimals they need', () => {
    expect(formatScientific(1e-4)).toBe('1e-4');
    expect(formatScientific(0.00025)).toBe('2.5e-4');
    expect(formatScientific(0.5)).toBe('0.5');
    expect(formatTick(0.00015, 0.00005)).toBe('1.5e-4');
    expect(formatTick(2.5, 0.5)).toBe('2.5');
    expect(formatTick(0.14, 0.02)).toBe('0.14');
    expect(formatTick(40, 20)).toBe('40');
  });

  it('writes counts compactly and picks a duration unit for the axis', () => {
    expect(formatCount(950)).toBe('950');
    expect(formatCount(12_800)).toBe('12.8k');
    expect(durationUnit(30)).toEqual({ name: 's', seconds: 1 });
    expect(durationUnit(600).name).toBe('min');
    expect(durationUnit(3 * 3600).name).toBe('h');
  });
});

describe('smooth', () => {
  it('is the identity at weight 0', () => {
    expect(smooth([3, 1, null, 2], 0)).toEqual([3, 1, null, 2]);
  });

  it('starts at the first value (debiased) and keeps gaps without resetting the average', () => {
    const smoothed = smooth([4, null, 2], 0.5);
    expect(smoothed[0]).toBeCloseTo(4);
    expect(smoothed[1]).toBeNull();
    // the average of 4 then 2 is 0.5·(0.5·4) + 0.5·2, debiased by 1 − 0.5²
    expect(smoothed[2]).toBeCloseTo((0.25 * 4 + 0.5 * 2) / 0.75);
  });
});
