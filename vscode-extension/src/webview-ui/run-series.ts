// The series the run panel draws, folded from a run's events: loss, learning rate, validation and per-class accuracy.
import type {
  ClassResult,
  EvaluationEvent,
  Mistake,
  RunEvent,
  RunStartEvent,
} from '../../../framework/src/reporting/events';
import { accuracyOf } from '../core/run-summary';

export interface RunSeries {
  /** Training steps (n_total_iter) of each loss / learning-rate point. */
  steps: number[];
  loss: number[];
  learningRate: number[];
  epochs: number[];
  accuracy: number[];
  /** Per class: its accuracy (%) at each entry of `epochs`. */
  classAccuracy: Map<string, number[]>;
  /** The resolved parameters, from run_start. */
  params: Record<string, unknown>;
  lastReport?: {
    epoch: number;
    metrics: Record<string, number>;
    classes: ClassResult[];
    mistakes: Mistake[];
  };
}

export function emptySeries(): RunSeries {
  return {
    params: {},
    steps: [],
    loss: [],
    learningRate: [],
    epochs: [],
    accuracy: [],
    classAccuracy: new Map(),
  };
}

/** Appends `events` to `series` (in place). */
export function appendEvents(series: RunSeries, events: readonly RunEvent[]): void {
  for (const event of events) {
    if (event.type === 'run_start') {
      series.params = event.params;
      if (event.resumedFrom) forgetAfter(series, event.resumedFrom);
    } else if (event.type === 'train_stats') {
      series.steps.push(event.step);
      series.loss.push(event.loss);
      series.learningRate.push(event.learningRate);
    } else if (event.type === 'evaluation' && event.split === 'valid') {
      addEvaluation(series, event);
    }
  }
}

/**
 * A resumed run continues its checkpoint: the points an earlier process logged after it (lost with that process,
 * then trained or evaluated again) are dropped, so that each step and epoch appears once.
 */
function forgetAfter(series: RunSeries, checkpoint: NonNullable<RunStartEvent['resumedFrom']>): void {
  const keptSteps = series.steps.filter((step) => step <= checkpoint.iteration).length;
  for (const values of [series.steps, series.loss, series.learningRate]) values.length = keptSteps;
  const firstRedone = checkpoint.progress ? checkpoint.epoch : checkpoint.epoch + 1;
  const keptEpochs = series.epochs.filter((epoch) => epoch < firstRedone).length;
  series.epochs.length = keptEpochs;
  series.accuracy.length = keptEpochs;
  for (const values of series.classAccuracy.values()) values.length = keptEpochs;
}

function addEvaluation(series: RunSeries, event: EvaluationEvent): void {
  series.epochs.push(event.epoch);
  series.accuracy.push(accuracyOf(event) ?? NaN);
  for (const result of event.classes) {
    const values = series.classAccuracy.get(result.name) ?? series.epochs.slice(0, -1).map(() => NaN);
    values.push(result.total === 0 ? NaN : (100 * result.correct) / result.total);
    series.classAccuracy.set(result.name, values);
  }
  for (const values of series.classAccuracy.values()) {
    while (values.length < series.epochs.length) values.push(NaN);
  }
  series.lastReport = {
    epoch: event.epoch,
    metrics: event.metrics,
    classes: event.classes,
    mistakes: event.mistakes,
  };
}
