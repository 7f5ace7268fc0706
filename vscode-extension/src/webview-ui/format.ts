// How the run panel writes numbers: percentages, losses, learning rates, axis ticks, example counts and durations.

/** `62.0%`. */
export function formatPercent(value: number): string {
  return `${value.toFixed(1)}%`;
}

/** `3.4298`; tiny values keep four significant digits (`0.0001235`). */
export function formatLoss(value: number): string {
  return Math.abs(value) >= 1e-3 || value === 0 ? value.toFixed(4) : value.toPrecision(4);
}

/** `1e-4`, `2.5e-4`, `0.01`: learning rates and other values that live on a power-of-ten scale. */
export function formatScientific(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-2 && magnitude < 1e4) return String(Number(value.toPrecision(3)));
  const [mantissa, exponent] = value.toExponential(2).split('e');
  return `${Number(mantissa)}e${Number(exponent)}`;
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** `950`, `12.8k`, `1.2M`. */
export function formatCount(value: number): string {
  return compact.format(value).replace('K', 'k');
}

/**
 * An axis tick: as many decimals as the spacing of the ticks needs (0.5 → `2.5`, 0.02 → `0.14`), or scientific
 * notation for very small or large values.
 */
export function formatTick(value: number, spacing: number): string {
  const magnitude = Math.max(Math.abs(value), Math.abs(spacing));
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)) return formatScientific(value);
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(Math.abs(spacing) || 1) + 1e-9)));
  return value.toFixed(decimals);
}

/** The unit a duration axis uses for its largest value, so that its ticks stay short. */
export function durationUnit(maxSeconds: number): { name: 's' | 'min' | 'h'; seconds: number } {
  if (maxSeconds >= 2 * 3600) return { name: 'h', seconds: 3600 };
  if (maxSeconds >= 120) return { name: 'min', seconds: 60 };
  return { name: 's', seconds: 1 };
}
