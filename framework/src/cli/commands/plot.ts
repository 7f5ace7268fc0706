// `int2int plot`: learning curves, per-class accuracy and confusion tables of the runs of a dump path, as SVG, PNG or
// HTML (manual §5).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, Flags } from '@oclif/core';
import { UsageError } from '../../core/usage-error';
import { RunSeries } from '../../reporting/run-series';
import { readConfusion, type ConfusionTable } from '../../results/confusion';
import {
  chosenEvaluation,
  CHART_KINDS,
  figureSpec,
  X_AXES,
  type ChartKind,
  type FigureRun,
  type XAxis,
} from '../../results/figure-specs';
import { formatOf, renderFigure } from '../../results/render-figure';
import type { RunInfo } from '../../results/run-discovery';
import { distinguishingSettings, runLabel } from '../../results/run-names';
import { DEFAULT_METRIC, readSelection, selectRuns, settingText } from '../../results/run-table';
import { exitWithError } from '../exit-with-error';
import { DUMP_PATH_ARG, RUN_SELECTION_FLAGS } from '../run-selection-flags';

export default class Plot extends Command {
  static override summary =
    'Draw the learning curves, per-class accuracy or confusion table of runs, to an SVG, PNG or HTML file';
  static override description =
    "Reads the events.jsonl (or the original Int2Int's train.log) of the runs under DUMP_PATH (the ones --exp_name and --filter select) and draws, " +
    'several runs overlaid: --chart loss (the training loss of each report), metric (a validation score per ' +
    'epoch), classes (per-class accuracy of one epoch, as bars), heatmap (per-class accuracy over the epochs of ' +
    'one run) or confusion (the table of true and predicted classes of one evaluation of one run, which ' +
    '--export_pred true writes). --by SETTING colours the runs by a setting. --out FILE.svg or .png is ready for a paper; .html is a ' +
    'self-contained interactive page.';
  static override args = DUMP_PATH_ARG;
  static override flags = {
    out: Flags.string({ description: 'the figure file: .svg, .png or .html', required: true }),
    chart: Flags.string({ description: 'what to draw', options: [...CHART_KINDS], default: 'loss' }),
    metric: Flags.string({
      description: 'the score of --chart metric; its split is that of classes, heatmap and confusion',
      default: DEFAULT_METRIC,
    }),
    x: Flags.string({ description: 'the x axis of --chart loss', options: [...X_AXES], default: 'step' }),
    by: Flags.string({ description: 'colour the runs by this setting, e.g. --by base' }),
    epoch: Flags.string({
      description: 'the epoch of --chart classes and confusion: last, best (by --metric) or a number',
      default: 'last',
    }),
    ...RUN_SELECTION_FLAGS,
    title: Flags.string({ description: 'the title of the figure' }),
  };
  static override examples = [
    '<%= config.bin %> plot --out loss.png',
    '<%= config.bin %> plot ./dumped --exp_name gcd --chart metric --by base --out accuracy.svg',
    '<%= config.bin %> plot --chart heatmap --exp_name gcd --filter exp_id=1 --out classes.html',
    '<%= config.bin %> plot --chart confusion --exp_name gcd_predictions --epoch best --out confusion.png',
  ];

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Plot);
    try {
      const format = formatOf(flags.out);
      if (!/^(last|best|\d+)$/.test(flags.epoch))
        throw new UsageError(`--epoch ${flags.epoch}: write last, best or an epoch number`);
      const filters = readSelection(args.dump_path, flags.filter);
      const read: Array<{ run: RunInfo; series: RunSeries }> = [];
      for (const { run, events, problems } of selectRuns(args.dump_path, {
        expNames: flags.exp_name,
        filters,
      })) {
        for (const problem of problems) process.stderr.write(`Warning: ${problem}\n`);
        const series = new RunSeries();
        series.append(events);
        read.push({ run, series });
      }
      const runs = read.map(({ run }) => run);
      if (flags.by !== undefined && runs.length > 0 && !runs.some((run) => flags.by! in run.params))
        throw new UsageError(`--by ${flags.by}: no run has the setting ${flags.by}`);
      const settings = distinguishingSettings(runs);
      const figureRuns: FigureRun[] = read.map(({ run, series }) => ({
        label: runLabel(run, settings.get(run.dir)),
        group: flags.by === undefined ? undefined : settingText(run.params[flags.by]),
        series,
        confusion:
          flags.chart === 'confusion' && read.length === 1 ? confusionOf(run.dir, series, flags) : undefined,
      }));
      const spec = figureSpec(figureRuns, {
        kind: flags.chart as ChartKind,
        metric: flags.metric,
        x: flags.x as XAxis,
        by: flags.by,
        epoch: flags.epoch,
        title: flags.title,
      });
      const figure = await renderFigure(spec, format);
      const out = path.resolve(flags.out);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(`${out}.tmp`, figure); // a kill leaves no half-written figure
      fs.renameSync(`${out}.tmp`, out);
      this.log(`Wrote ${out}: ${flags.chart} of ${runs.length} run${runs.length === 1 ? '' : 's'}`);
    } catch (error) {
      exitWithError(this, error);
    }
  }
}

/** The confusion table `--epoch` names: the last written, that of the best evaluation, or that of epoch N. */
function confusionOf(
  runDir: string,
  series: RunSeries,
  flags: { metric: string; epoch: string },
): ConfusionTable {
  const split = flags.metric.split('_')[0];
  if (flags.epoch === 'last') return readConfusion(runDir, split);
  if (flags.epoch !== 'best') return readConfusion(runDir, split, Number(flags.epoch));
  const best = chosenEvaluation({ series }, split, flags);
  if (!best) throw new UsageError(`--epoch best: no ${split} evaluation of ${runDir} has ${flags.metric}`);
  return readConfusion(runDir, split, best.epoch);
}
