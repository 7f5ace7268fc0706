// TensorBoard's curve smoothing for the run panel: a debiased exponential moving average that steps over gaps.

/**
 * `values` smoothed with weight `weight` in [0, 1): each point is `weight` × the previous average plus
 * (1 − `weight`) × itself, divided by (1 − `weight`^n) so that the first points are not pulled towards zero.
 * Gaps (null) stay gaps and do not reset the average; weight 0 returns the values unchanged.
 */
export function smooth(values: ReadonlyArray<number | null>, weight: number): Array<number | null> {
  let average = 0;
  let count = 0;
  return values.map((value) => {
    if (value === null) return null;
    average = average * weight + (1 - weight) * value;
    count++;
    return weight === 0 ? value : average / (1 - weight ** count);
  });
}
