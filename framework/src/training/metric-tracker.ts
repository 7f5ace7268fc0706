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

/** The scores an evaluation of `split` reports (acc_d1, acc_eval1, ..., per class `acc_<class>` and `beam_acc_<class>`). */
const METRIC_SUFFIX = /^(xe_loss|acc|perfect|correct|beam_acc|acc_.+|beam_acc_.+)$/;

/**
 * Refuses a metric no evaluation of this run reports, naming the setting and what is reported:
 * `<split>_arithmetic_<score>` for the run's splits (valid, test, test2, ...).
 */
export function checkMetricNames(
  setting: string,
  metrics: readonly TrackedMetric[],
  splits: readonly string[],
): void {
  for (const { name } of metrics) {
    const split = splits.find((s) => name.startsWith(`${s}_arithmetic_`));
    if (split && METRIC_SUFFIX.test(name.slice(`${split}_arithmetic_`.length))) continue;
    throw new UsageError(
      `${setting}: "${name}" is not a score of this run; its scores are ${splits.map((s) => `${s}_arithmetic_...`).join(', ')} ` +
        'with xe_loss, acc, perfect, correct, acc_d1, beam_acc, acc_<class> (prefix _ when lower is better, e.g. _valid_arithmetic_xe_loss)',
    );
  }
}
