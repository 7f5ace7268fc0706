// The series a run's events.jsonl makes (training points, evaluations, resumes), for the editor's run panel and any other plot of a run.
import type { ParamValue } from '../operations/parameters';
import type {
  ClassResult,
  EvaluationEvent,
  Mistake,
  RunEndEvent,
  RunEvent,
  RunStartEvent,
  TrainStatsEvent,
} from './events';

/** Where a point lies on each of the x axes a step-based chart offers. */
export interface TrainingPosition {
  /** Training steps done (n_total_iter). */
  step: number;
  /** Epochs of training done, fractional: 1.5 is halfway through epoch 1 (the second). */
  epoch: number;
  /** Training examples seen: step × batch_size. */
  examples: number;
  /** Seconds since the run started, summed over the processes that ran it (a resumed run adds on). */
  seconds: number;
}

/** One train_stats report. */
export interface TrainingPoint extends TrainingPosition {
  /** The mean loss since the previous report; null when it was not finite. */
  loss: number | null;
  learningRate: number;
}

/** One evaluation of one split after one epoch. */
export interface EvaluationPoint {
  epoch: number;
  /** valid, test, ... */
  split: string;
  seconds: number;
  metrics: Record<string, number>;
  /** Sorted by compareClassNames. */
  classes: ClassResult[];
  mistakes: Mistake[];
}

/** Where a later process resumed the run from a checkpoint. */
export interface ResumeMarker extends TrainingPosition {
  /** The epoch the checkpoint was written in. */
  checkpointEpoch: number;
}

export type RunEnd = Pick<RunEndEvent, 'status' | 'signal' | 'message'>;

/** Batch and epoch sizes when a run's run_start does not give them (never, for runs of the CLI). */
const UNKNOWN_SIZES = { batchSize: 1, epochSize: Infinity };

/**
 * A run's series, folded from its events in order. Each step and each (split, epoch) appears once: a run_start that
 * resumes a checkpoint drops what an earlier process logged after that checkpoint, a run_start that starts over
 * drops everything, and a report or an evaluation that goes back (the same events read again) replaces the points
 * from there on.
 */
export class RunSeries {
  operation: string | undefined;
  params: Record<string, ParamValue> = {};
  /** How the run ended; undefined while it runs (or when its process was killed). */
  end: RunEnd | undefined;
  private readonly trainingPoints: TrainingPoint[] = [];
  private readonly evaluationPoints: EvaluationPoint[] = [];
  private readonly resumeMarkers: ResumeMarker[] = [];
  /** Seconds the earlier processes of the run had run when the current one took over. */
  private secondsBefore = 0;
  /** The time (in `seconds`) of the latest checkpoint written at each step, where a resume picks up the clock. */
  private readonly checkpointSeconds = new Map<number, number>();

  get training(): readonly TrainingPoint[] {
    return this.trainingPoints;
  }

  /** Every split's evaluations, in the order they were made. */
  get evaluations(): readonly EvaluationPoint[] {
    return this.evaluationPoints;
  }

  get resumes(): readonly ResumeMarker[] {
    return this.resumeMarkers;
  }

  /** An `int2int evaluate` run (eval_only): one evaluation, no training. */
  get evalOnly(): boolean {
    return this.params.eval_only === true;
  }

  /** The evaluations of `split`, by epoch. */
  evaluationsOf(split = 'valid'): EvaluationPoint[] {
    return this.evaluationPoints.filter((point) => point.split === split);
  }

  /** The splits evaluated, valid first. */
  splits(): string[] {
    const splits = new Set(this.evaluationPoints.map((point) => point.split));
    return [...splits].sort((a, b) => Number(b === 'valid') - Number(a === 'valid') || a.localeCompare(b));
  }

  append(events: readonly RunEvent[]): void {
    for (const event of events) {
      if (event.type === 'run_start') this.start(event);
      else if (event.type === 'train_stats') this.addTraining(event);
      else if (event.type === 'evaluation') this.addEvaluation(event);
      else if (event.type === 'checkpoint') this.checkpointSeconds.set(event.step, this.clock(event.elapsed));
      else if (event.type === 'run_end')
        this.end = { status: event.status, signal: event.signal, message: event.message };
    }
  }

  private start(event: RunStartEvent): void {
    this.operation = event.operation;
    this.params = event.params;
    this.end = undefined;
    const checkpoint = event.resumedFrom;
    if (!checkpoint) {
      this.trainingPoints.length = 0;
      this.evaluationPoints.length = 0;
      this.resumeMarkers.length = 0;
      this.checkpointSeconds.clear();
      this.secondsBefore = 0;
      return;
    }
    keepWhile(this.trainingPoints, (point) => point.step <= checkpoint.iteration);
    const firstRedone = checkpoint.progress ? checkpoint.epoch : checkpoint.epoch + 1;
    keepWhile(this.evaluationPoints, (point) => point.epoch < firstRedone);
    keepWhile(this.resumeMarkers, (marker) => marker.step < checkpoint.iteration);
    this.secondsBefore =
      this.checkpointSeconds.get(checkpoint.iteration) ?? this.trainingPoints.at(-1)?.seconds ?? 0;
    const { batchSize, epochSize } = this.sizes();
    const examplesOfEpoch = checkpoint.progress?.examples ?? epochSize;
    this.resumeMarkers.push({
      step: checkpoint.iteration,
      epoch: checkpoint.epoch + (Number.isFinite(epochSize) ? examplesOfEpoch / epochSize : 0),
      examples: checkpoint.iteration * batchSize,
      seconds: this.secondsBefore,
      checkpointEpoch: checkpoint.epoch,
    });
  }

  private addTraining(event: TrainStatsEvent): void {
    const { step, epoch } = event;
    keepWhile(this.trainingPoints, (point) => point.step < step);
    const { batchSize, epochSize } = this.sizes();
    const stepsPerEpoch = Math.ceil(epochSize / batchSize);
    const stepsIntoEpoch = step - epoch * stepsPerEpoch;
    const fraction = Number.isFinite(epochSize) ? (stepsIntoEpoch * batchSize) / epochSize : 0;
    this.trainingPoints.push({
      step,
      epoch: epoch + Math.min(1, Math.max(0, fraction)),
      examples: step * batchSize,
      seconds: this.clock(event.elapsed),
      loss: Number.isFinite(event.loss) ? event.loss : null,
      learningRate: event.learningRate,
    });
  }

  private addEvaluation(event: EvaluationEvent): void {
    keepWhile(this.evaluationPoints, (point) => point.split !== event.split || point.epoch < event.epoch);
    this.evaluationPoints.push({
      epoch: event.epoch,
      split: event.split,
      seconds: this.clock(event.elapsed),
      metrics: event.metrics,
      classes: [...event.classes].sort((a, b) => compareClassNames(a.name, b.name)),
      mistakes: event.mistakes,
    });
  }

  private clock(elapsed: number): number {
    return this.secondsBefore + elapsed;
  }

  private sizes(): { batchSize: number; epochSize: number } {
    const { batch_size: batchSize, epoch_size: epochSize } = this.params;
    return typeof batchSize === 'number' && typeof epochSize === 'number' && batchSize > 0 && epochSize > 0
      ? { batchSize, epochSize }
      : UNKNOWN_SIZES;
  }
}

/** Removes the points of `points` (in order) from the first one that fails `keep` on: what a later one supersedes. */
function keepWhile<T>(points: T[], keep: (point: T) => boolean): void {
  const firstDropped = points.findIndex((point) => !keep(point));
  if (firstDropped !== -1) points.length = firstDropped;
}

/** Class names in numeric order when both are numbers ("2" before "19" before "101"), else in natural text order. */
export function compareClassNames(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a.localeCompare(b, undefined, { numeric: true });
}

/** Per-class accuracy over epochs: a row per class, a column per evaluation. */
export interface ClassGrid {
  epochs: number[];
  /** Every class seen in any of the evaluations, sorted by compareClassNames. */
  classes: string[];
  /** accuracy[c][e]: the accuracy (%) of classes[c] at epochs[e]; null when the class had no example then. */
  accuracy: Array<Array<number | null>>;
}

export function classGrid(evaluations: readonly EvaluationPoint[]): ClassGrid {
  const names = new Set(evaluations.flatMap((point) => point.classes.map((result) => result.name)));
  const classes = [...names].sort(compareClassNames);
  const byName = evaluations.map((point) => new Map(point.classes.map((result) => [result.name, result])));
  const accuracy = classes.map((name) =>
    byName.map((results) => {
      const result = results.get(name);
      return result && (result.total > 0 || result.accuracy !== undefined) ? classAccuracy(result) : null;
    }),
  );
  return { epochs: evaluations.map((point) => point.epoch), classes, accuracy };
}

export function classAccuracy(result: ClassResult): number {
  return result.accuracy ?? (100 * result.correct) / result.total;
}

/** A metric of an evaluation other than a per-class accuracy, named without its `<split>_` prefix. */
export interface HeadlineMetric {
  key: string;
  name: string;
  value: number;
  unit: 'percent' | 'loss';
}

/** The evaluation's scores (xe_loss, acc, perfect, correct, ...), without the per-class accuracies they repeat. */
export function headlineMetrics(point: EvaluationPoint): HeadlineMetric[] {
  const classKeys = new Set(point.classes.map((result) => `_acc_${result.name}`));
  const isClassKey = (key: string) => {
    const at = key.lastIndexOf('_acc_');
    return at !== -1 && classKeys.has(key.slice(at));
  };
  return Object.entries(point.metrics)
    .filter(([key]) => !isClassKey(key))
    .map(([key, value]) => ({
      key,
      name: key.startsWith(`${point.split}_`) ? key.slice(point.split.length + 1) : key,
      value,
      unit: key.endsWith('xe_loss') ? 'loss' : 'percent',
    }));
}

/** The top-1 accuracy (%) of an evaluation: its first `*_acc` metric (`valid_arithmetic_acc`). */
export function accuracyOf(point: Pick<EvaluationPoint, 'metrics'>): number | undefined {
  return Object.entries(point.metrics).find(([key]) => key.endsWith('_acc'))?.[1];
}

/** The cross-entropy loss of an evaluation (`valid_arithmetic_xe_loss`). */
export function xeLossOf(point: Pick<EvaluationPoint, 'metrics'>): number | undefined {
  return Object.entries(point.metrics).find(([key]) => key.endsWith('_xe_loss'))?.[1];
}
