// Tests of the figures of `int2int plot`: the data each chart draws from the run series (and a confusion table), gaps
// where a class has no example, errors for a figure with nothing to draw, and the SVG Vega renders from them.
import type { RunEvent } from '../reporting/events';
import { RunSeries } from '../reporting/run-series';
import { figureSpec, type FigureOptions, type FigureRun } from './figure-specs';
import { formatOf, toSvg } from './render-figure';

const at = (elapsed: number) => ({ time: 't', elapsed });
function seriesOf(accuracies: number[], classes: Array<Record<string, [number, number]>>): RunSeries {
  const events: RunEvent[] = [
    {
      ...at(0),
      type: 'run_start',
      runDir: '/x',
      operation: 'gcd',
      params: { batch_size: 10, epoch_size: 100 },
      backend: 'native',
      vocabularySize: 1019,
      parameterCount: {},
    },
  ];
  accuracies.forEach((acc, epoch) => {
    events.push({
      ...at(epoch + 1),
      type: 'train_stats',
      epoch,
      step: 10 * (epoch + 1),
      examplesPerSecond: 100,
      wordsPerSecond: 1000,
      loss: 2 / (epoch + 1),
      learningRate: 1e-4,
    });
    events.push({
      ...at(epoch + 1.5),
      type: 'evaluation',
      epoch,
      split: 'valid',
      metrics: { valid_arithmetic_acc: acc, valid_arithmetic_xe_loss: 1 / acc },
      classes: Object.entries(classes[epoch]).map(([name, [correct, total]]) => ({ name, correct, total })),
      mistakes: [],
    });
  });
  const series = new RunSeries();
  series.append(events);
  return series;
}

const RUNS: FigureRun[] = [
  {
    label: 'gcd/a · base=10',
    group: '10',
    series: seriesOf(
      [50, 70],
      [
        { 1: [5, 10], 2: [1, 4] },
        { 1: [9, 10], 12: [3, 4] },
      ],
    ),
  },
  { label: 'gcd/b · base=1000', group: '1000', series: seriesOf([40], [{ 1: [4, 10] }]) },
];
const OPTIONS: FigureOptions = { kind: 'loss', metric: 'valid_arithmetic_acc', x: 'step', epoch: 'last' };
const valuesOf = (options: Partial<FigureOptions>, runs = RUNS) =>
  (figureSpec(runs, { ...OPTIONS, ...options }).data as { values: Array<Record<string, unknown>> }).values;

describe('figureSpec', () => {
  it('draws the training loss of every report of every run, on the x axis asked for', () => {
    expect(valuesOf({ x: 'examples' }).map((v) => [v.run, v.x, v.loss])).toEqual([
      ['gcd/a · base=10', 100, 2],
      ['gcd/a · base=10', 200, 1],
      ['gcd/b · base=1000', 100, 2],
    ]);
  });

  it('draws a validation score per epoch, coloured by the --by setting', () => {
    const spec = figureSpec(RUNS, { ...OPTIONS, kind: 'metric', by: 'base' });
    expect((spec.data as { values: unknown[] }).values).toEqual([
      { run: 'gcd/a · base=10', group: '10', epoch: 0, value: 50 },
      { run: 'gcd/a · base=10', group: '10', epoch: 1, value: 70 },
      { run: 'gcd/b · base=1000', group: '1000', epoch: 0, value: 40 },
    ]);
    expect(JSON.stringify(spec)).toContain('"color":{"field":"group","type":"nominal","title":"base"');
  });

  it('draws the classes of the last or the best epoch; a class without example in it is left out', () => {
    expect(
      valuesOf({ kind: 'classes' }, RUNS.slice(0, 1)).map((v) => [v.class, v.accuracy, v.epoch]),
    ).toEqual([
      ['1', 90, 1],
      ['12', 75, 1],
    ]);
    const best = valuesOf(
      { kind: 'classes', epoch: 'best', metric: 'valid_arithmetic_xe_loss' },
      RUNS.slice(0, 1),
    );
    expect(best.map((v) => v.epoch)).toEqual([1, 1]);
    expect(valuesOf({ kind: 'classes', epoch: '0' }, RUNS.slice(0, 1)).map((v) => v.class)).toEqual([
      '1',
      '2',
    ]);
  });

  it('draws a heat map of one run over its epochs, with gaps (no cell) where a class had no example', () => {
    expect(valuesOf({ kind: 'heatmap' }, RUNS.slice(0, 1))).toEqual([
      { class: '1', epoch: 0, accuracy: 50 },
      { class: '1', epoch: 1, accuracy: 90 },
      { class: '2', epoch: 0, accuracy: 25 },
      { class: '12', epoch: 1, accuracy: 75 },
    ]);
    expect(() => figureSpec(RUNS, { ...OPTIONS, kind: 'heatmap' })).toThrow(
      '--chart heatmap draws one run; 2 match: choose one with --exp_name or --filter',
    );
  });

  it('draws a confusion table as shares of each true class, its counts written in while they are legible', () => {
    const table = (classes: number) => {
      const names = Array.from({ length: classes }, (_, i) => String(i + 1));
      const cells = names.flatMap((actual) =>
        [...names, 'invalid'].map((predicted) => ({
          actual,
          predicted,
          count: predicted === actual ? 3 : 1,
        })),
      );
      const confusion = {
        file: 'p.csv',
        split: 'valid',
        epoch: 1,
        actualClasses: names,
        predictedClasses: [...names, 'invalid'],
        cells,
      };
      return figureSpec([{ ...RUNS[0], confusion }], { ...OPTIONS, kind: 'confusion' });
    };
    const small = table(2);
    const values = (small.data as { values: Array<Record<string, unknown>> }).values;
    expect(values.slice(0, 3)).toEqual([
      { actual: '1', predicted: '1', count: 3, share: 60, examples: 5 },
      { actual: '1', predicted: '2', count: 1, share: 20, examples: 5 },
      { actual: '1', predicted: 'invalid', count: 1, share: 20, examples: 5 },
    ]);
    expect(JSON.stringify(small)).toContain('True and predicted classes (valid, epoch 1, gcd/a · base=10)');
    expect((small as { layer: unknown[] }).layer).toHaveLength(2); // cells and their counts
    expect((table(40) as { layer: unknown[] }).layer).toHaveLength(1); // too many to write in
    expect(() => figureSpec(RUNS, { ...OPTIONS, kind: 'confusion' })).toThrow(
      '--chart confusion draws one run; 2 match: choose one with --exp_name or --filter',
    );
  });

  it('says why there is nothing to draw', () => {
    expect(() => figureSpec([], OPTIONS)).toThrow(
      'No runs to plot: check DUMP_PATH, --exp_name and --filter',
    );
    expect(() =>
      figureSpec(RUNS, { ...OPTIONS, kind: 'metric', metric: 'valid_arithmetic_beam_acc' }),
    ).toThrow('Nothing to plot: no evaluation has valid_arithmetic_beam_acc');
    expect(() => formatOf('figure.pdf')).toThrow(
      '--out figure.pdf: write the figure to a .svg, .png or .html file',
    );
    expect(formatOf('a/b.PNG')).toBe('png');
  });

  it('renders to SVG with a line per run, the axis titles and the run names', async () => {
    const svg = await toSvg(figureSpec(RUNS, { ...OPTIONS, kind: 'metric' }));
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(2); // a line per run
    for (const text of ['epoch', 'valid_arithmetic_acc (%)', 'gcd/a · base=10', 'gcd/b · base=1000'])
      expect(svg).toContain(text);
  });
});
