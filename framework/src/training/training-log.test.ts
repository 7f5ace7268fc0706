// Tests for the training log line and Python's {:.4e} formatting.
import { formatScientific, formatTrainingLine } from './training-log';

describe('formatScientific', () => {
  it.each([
    [1e-4, '1.0000e-04'],
    [2.5e-10, '2.5000e-10'],
    [0.5, '5.0000e-01'],
    [1, '1.0000e+00'],
    [12345, '1.2345e+04'],
    [3e-100, '3.0000e-100'],
    [0, '0.0000e+00'],
    [-0.00123, '-1.2300e-03'],
  ])('formats %p as %s', (value, expected) => {
    expect(formatScientific(value)).toBe(expected);
  });
});

describe('formatTrainingLine', () => {
  it("reproduces Int2Int's line", () => {
    expect(formatTrainingLine(200, 130.4, 1303.96, 0.7579, 1e-4)).toBe(
      '    200 -  130.40 examples/s -  1303.96 words/s - ARITHMETIC:  0.7579 - LR: 1.0000e-04',
    );
  });

  it('rounds and pads wider numbers', () => {
    expect(formatTrainingLine(12000, 952.5849, 9524.714, 12.34567, 5e-5)).toBe(
      '  12000 -  952.58 examples/s -  9524.71 words/s - ARITHMETIC: 12.3457 - LR: 5.0000e-05',
    );
    expect(formatTrainingLine(12345678, 12345.678, 123456.789, 0.5, 0.001)).toBe(
      '12345678 - 12345.68 examples/s - 123456.79 words/s - ARITHMETIC:  0.5000 - LR: 1.0000e-03',
    );
  });
});
