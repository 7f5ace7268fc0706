// --validation_metrics and --stopping_criterion: which scores improved, and when to stop (manual §3.1).
import { UsageError } from '../core/usage-error';

/** A metric name with Int2Int's `_` prefix meaning "lower is better". */
export interface TrackedMetric {
  name: string;
  lowerIsBetter: boolean;
}

export function parseMetricList(setting: string): TrackedMetric[] {
  return setting
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => ({ name: s.replace(/^_/, ''), lowerIsBetter: s.startsWith('_') }));
}

export interface StoppingCriterion extends TrackedMetric {
  patience: number;
}

export function parseStoppingCriterion(setting: string): StoppingCriterion | undefined {
  if (!setting) return undefined;
  const match = /^(_?[A-Za-z0-9_]+),(\d+)$/.exec(setting.trim());
  if (!match) {
    throw new UsageError(`--stopping_criterion "${setting}" must be metric,N (e.g. valid_arithmetic_acc,20)`);
  }
  const [metric] = parseMetricList(match[1]);
  return { ...metric, patience: Number(match[2]) };
}

export function isImprovement(
  metric: TrackedMetric,
  value: number,
  best: number | undefined | null,
): boolean {
  if (best === undefined || best === null) return true;
  return metric.lowerIsBetter ? value < best : value > best;
}
