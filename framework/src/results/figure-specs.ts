// The figures of `int2int plot` as Vega-Lite specifications, built from the same series as the editor's run panel
// (RunSeries): learning curves of several runs overlaid, per-class accuracy as bars or as a heat map over epochs, and
// the confusion table of one evaluation (--export_pred).
import type { TopLevelSpec } from 'vega-lite';
import { UsageError } from '../core/usage-error';
import type { ConfusionTable } from './confusion';
import { classAccuracy, classGrid, compareClassNames, type RunSeries } from '../reporting/run-series';

export const CHART_KINDS = ['loss', 'metric', 'classes', 'heatmap', 'confusion'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

export const X_AXES = ['step', 'epoch', 'examples', 'seconds'] as const;
export type XAxis = (typeof X_AXES)[number];

const X_TITLES: Record<XAxis, string> = {
  step: 'training step',
  epoch: 'epoch',
  examples: 'training examples seen',
  seconds: 'seconds',
};

/** One run to draw: how the legend names it, the value of the --by setting, and its series. */
export interface FigureRun {
  label: string;
  /** The value of the setting the runs are coloured by (`--by base`), as text. */
  group?: string;
  series: RunSeries;
  /** For `confusion`: the table of true and predicted classes of the chosen evaluation. */
  confusion?: ConfusionTable;
}

export interface FigureOptions {
  kind: ChartKind;
  /** For `metric`, `classes` and `heatmap`: the score (valid_arithmetic_acc) or its split. */
  metric: string;
  x: XAxis;
  /** The setting the runs are coloured by, if any. */
  by?: string;
  /** For `classes` and `confusion`: the epoch drawn (`last`, `best`, or a number). */
  epoch: string;
  title?: string;
  width?: number;
  height?: number;
}

const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

/** The Vega-Lite spec of a figure of `runs`; a figure without data is an error that says why. */
export function figureSpec(runs: readonly FigureRun[], options: FigureOptions): TopLevelSpec {
  if (runs.length === 0) throw new UsageError('No runs to plot: check DUMP_PATH, --exp_name and --filter');
  const split = options.metric.split('_')[0];
  const colour = {
    field: options.by ? 'group' : 'run',
    type: 'nominal' as const,
    title: options.by ?? 'run',
    legend: { labelLimit: 400 },
  };
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: options.width ?? 560,
    height: options.height ?? 320,
    config: { font: FONT, view: { stroke: null }, legend: { orient: 'right' as const } },
  };
  switch (options.kind) {
    case 'loss': {
      const values = runs.flatMap((run) =>
        run.series.training
          .filter((point) => point.loss !== null)
          .map((point) => ({ run: run.label, group: run.group, x: point[options.x], loss: point.loss })),
      );
      need(values.length, 'no training reports (train_stats events) in these runs');
      return {
        ...base,
        title: options.title ?? 'Training loss',
        data: { values },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: X_TITLES[options.x] },
          y: {
            field: 'loss',
            type: 'quantitative',
            title: 'training loss (mean of each report)',
            scale: { zero: false },
          },
          color: colour,
          detail: { field: 'run', type: 'nominal' },
          tooltip: [
            { field: 'run' },
            { field: 'x', title: X_TITLES[options.x] },
            { field: 'loss', format: '.4f' },
          ],
        },
      };
    }
    case 'metric': {
      const values = runs.flatMap((run) =>
        run.series
          .evaluationsOf(split)
          .filter((point) => Number.isFinite(point.metrics[options.metric]))
          .map((point) => ({
            run: run.label,
            group: run.group,
            epoch: point.epoch,
            value: point.metrics[options.metric],
          })),
      );
      need(values.length, `no evaluation has ${options.metric}`);
      return {
        ...base,
        title: options.title ?? options.metric,
        data: { values },
        mark: { type: 'line', point: true, strokeWidth: 1.5 },
        encoding: {
          x: {
            field: 'epoch',
            type: 'quantitative',
            title: 'epoch',
            axis: { values: integerTicks(values), format: 'd' },
          },
          y: {
            field: 'value',
            type: 'quantitative',
            title: options.metric.endsWith('xe_loss') ? options.metric : `${options.metric} (%)`,
            scale: { zero: false },
          },
          color: colour,
          detail: { field: 'run', type: 'nominal' },
          tooltip: [
            { field: 'run' },
            { field: 'epoch' },
            { field: 'value', title: options.metric, format: '.2f' },
          ],
        },
      };
    }
    case 'classes': {
      const values = runs.flatMap((run) => {
        const point = chosenEvaluation(run, split, options);
        return (point?.classes ?? [])
          .filter((result) => result.total > 0)
          .map((result) => ({
            run: run.label,
            group: run.group,
            class: result.name,
            accuracy: classAccuracy(result),
            examples: result.total,
            epoch: point!.epoch,
          }));
      });
      need(values.length, `no ${split} evaluation has per-class results`);
      const classes = [...new Set(values.map((value) => value.class))].sort(compareClassNames);
      return {
        ...base,
        title: options.title ?? `Per-class accuracy (${split}, ${options.epoch} epoch)`,
        data: { values },
        mark: 'bar',
        encoding: {
          x: { field: 'class', type: 'ordinal', sort: classes, title: 'class', axis: { labelAngle: 0 } },
          xOffset: { field: 'run', type: 'nominal' },
          y: { field: 'accuracy', type: 'quantitative', title: 'accuracy (%)', scale: { domain: [0, 100] } },
          color: colour,
          tooltip: [
            { field: 'run' },
            { field: 'class' },
            { field: 'epoch' },
            { field: 'accuracy', format: '.1f' },
            { field: 'examples' },
          ],
        },
      };
    }
    case 'heatmap': {
      oneRun(runs, options.kind);
      const grid = classGrid(runs[0].series.evaluationsOf(split));
      const values = grid.classes.flatMap((name, c) =>
        grid.epochs.flatMap((epoch, e) => {
          const accuracy = grid.accuracy[c][e];
          return accuracy === null ? [] : [{ class: name, epoch, accuracy }];
        }),
      );
      need(values.length, `no ${split} evaluation has per-class results`);
      return {
        ...base,
        title: options.title ?? `Per-class accuracy over epochs (${runs[0].label})`,
        data: { values },
        mark: 'rect',
        encoding: {
          x: { field: 'epoch', type: 'ordinal', title: 'epoch', axis: { labelAngle: 0 } },
          y: { field: 'class', type: 'ordinal', sort: grid.classes, title: 'class' },
          color: {
            field: 'accuracy',
            type: 'quantitative',
            title: 'accuracy (%)',
            scale: { domain: [0, 100], scheme: 'viridis' },
          },
          tooltip: [{ field: 'class' }, { field: 'epoch' }, { field: 'accuracy', format: '.1f' }],
        },
      };
    }
    case 'confusion': {
      oneRun(runs, options.kind);
      const table = runs[0].confusion;
      if (!table) throw new Error('the confusion table of the run was not read');
      const totals = new Map<string, number>();
      for (const cell of table.cells) totals.set(cell.actual, (totals.get(cell.actual) ?? 0) + cell.count);
      const values = table.cells.map((cell) => ({
        ...cell,
        share: totals.get(cell.actual) ? (100 * cell.count) / totals.get(cell.actual)! : 0,
        examples: totals.get(cell.actual),
      }));
      need(totals.size, `${table.file} has no rows`);
      const side = Math.max(240, Math.min(720, 22 * table.predictedClasses.length));
      const counted = table.predictedClasses.length <= 30; // counts written in the cells while they are legible
      return {
        ...base,
        width: options.width ?? side,
        height: options.height ?? Math.max(240, Math.min(720, 22 * table.actualClasses.length)),
        title:
          options.title ??
          `True and predicted classes (${table.split}, epoch ${table.epoch}, ${runs[0].label})`,
        data: { values },
        encoding: {
          x: {
            field: 'predicted',
            type: 'ordinal',
            sort: table.predictedClasses,
            title: 'predicted class',
            axis: { labelAngle: table.predictedClasses.length > 15 ? -90 : 0, orient: 'top' }, // many: upright
          },
          y: { field: 'actual', type: 'ordinal', sort: table.actualClasses, title: 'true class' },
        },
        layer: [
          {
            mark: 'rect',
            encoding: {
              color: {
                field: 'share',
                type: 'quantitative',
                title: '% of the true class',
                scale: { domain: [0, 100], range: ['#ffffff', '#08519c'], interpolate: 'rgb' }, // an empty cell white
              },
              tooltip: [
                { field: 'actual', title: 'true class' },
                { field: 'predicted', title: 'predicted class' },
                { field: 'count', title: 'examples' },
                { field: 'share', title: '% of the true class', format: '.1f' },
              ],
            },
          },
          ...(counted
            ? [
                {
                  mark: { type: 'text' as const, fontSize: 9 },
                  transform: [{ filter: 'datum.count > 0' }],
                  encoding: {
                    text: { field: 'count', type: 'quantitative' as const },
                    color: { condition: { test: 'datum.share > 50', value: 'white' }, value: 'black' },
                  },
                },
              ]
            : []),
        ],
      };
    }
  }
}

/** Charts of one run refuse several. */
function oneRun(runs: readonly FigureRun[], kind: ChartKind): void {
  if (runs.length > 1)
    throw new UsageError(
      `--chart ${kind} draws one run; ${runs.length} match: choose one with --exp_name or --filter`,
    );
}

/** The evaluation `--epoch` names: the last, the best by the metric, or epoch N. */
export function chosenEvaluation(
  run: Pick<FigureRun, 'series'>,
  split: string,
  options: Pick<FigureOptions, 'epoch' | 'metric'>,
) {
  const points = run.series.evaluationsOf(split);
  if (options.epoch === 'last') return points.at(-1);
  if (options.epoch === 'best') {
    const lower = options.metric.endsWith('xe_loss');
    const score = (point: (typeof points)[number]) => point.metrics[options.metric] ?? NaN;
    return points
      .filter((point) => Number.isFinite(score(point)))
      .reduce<(typeof points)[number] | undefined>(
        (a, b) => (a === undefined || (lower ? score(b) < score(a) : score(b) > score(a)) ? b : a),
        undefined,
      );
  }
  return points.find((point) => point.epoch === Number(options.epoch));
}

/** The epochs evaluated, as the ticks of an epoch axis (every one, or every k-th of many): never a fraction. */
function integerTicks(values: ReadonlyArray<{ epoch: number }>): number[] {
  const epochs = [...new Set(values.map((value) => value.epoch))].sort((a, b) => a - b);
  const step = Math.ceil(epochs.length / 20);
  return epochs.filter((_, i) => i % step === 0);
}

function need(count: number, why: string): void {
  if (count === 0) throw new UsageError(`Nothing to plot: ${why}`);
}
