// The run panel's script: receives runs and their events from the extension and draws the charts, per-class views, report and parameters.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import {
  accuracyOf,
  classGrid,
  RunSeries,
  xeLossOf,
  type EvaluationPoint,
} from '../../../framework/src/reporting/run-series';
import type { HostMessage, PanelRun, WebviewMessage } from '../webview/protocol';
import { renderClassBars } from './class-bars';
import { ClassHeatmap } from './class-heatmap';
import { formatLoss, formatPercent, formatScientific, formatTick } from './format';
import { buildLayout } from './layout';
import type { ChartAxis, ChartLine, ChartMarker } from './line-chart';
import { renderParams } from './params';
import { renderReport } from './report';
import { smooth } from './smoothing';
import { X_AXIS_KINDS, xAxis, type XAxis, type XAxisKind } from './x-axis';

/** What the user chose, kept by the editor while the panel lives (getState/setState). */
interface ViewState {
  xAxis: XAxisKind;
  smoothing: number;
  /** The epoch whose per-class results and report are shown; null: the latest. */
  classEpoch: number | null;
}

declare function acquireVsCodeApi(): {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: ViewState): void;
};

const vscode = acquireVsCodeApi();
const layout = buildLayout();
const view = restoreView(vscode.getState());
let runs: PanelRun[] = [];
const series = new Map<string, RunSeries>();
const heatmap = new ClassHeatmap(layout.heatmap, layout.heatmapReadout, (epoch) => {
  view.classEpoch = epoch;
  changeView();
});

function restoreView(saved: unknown): ViewState {
  const state = (typeof saved === 'object' && saved !== null ? saved : {}) as Partial<ViewState>;
  return {
    xAxis: X_AXIS_KINDS.find((kind) => kind === state.xAxis) ?? 'step',
    smoothing: typeof state.smoothing === 'number' ? state.smoothing : 0.6,
    classEpoch: typeof state.classEpoch === 'number' ? state.classEpoch : null,
  };
}

function changeView(): void {
  vscode.setState(view);
  render();
}

const seriesOf = (run: PanelRun) => series.get(run.id) ?? new RunSeries();

function render(): void {
  const main = runs[0] && seriesOf(runs[0]);
  const evalOnly = main?.evalOnly ?? false;
  layout.title.textContent = runs.map((run) => run.label).join(' vs ');
  renderStatus(main);
  // an ended run shows no empty chart; a running one says what it waits for
  const ended = main?.end !== undefined;
  const anyRun = (has: (runSeries: RunSeries) => boolean) => runs.some((run) => has(seriesOf(run)));
  layout.training.hidden = evalOnly || (ended && !anyRun((s) => s.training.length > 0));
  layout.evaluationCurves.hidden = evalOnly || (ended && !anyRun((s) => s.evaluations.length > 0));
  layout.xAxis.value = view.xAxis;
  layout.smoothing.value = String(view.smoothing);
  layout.smoothingValue.value = view.smoothing.toFixed(2);
  if (!layout.training.hidden) renderTrainingCharts();
  if (!layout.evaluationCurves.hidden) renderEvaluationCharts();
  const evaluations = main?.evaluationsOf() ?? [];
  const epochs = evaluations.map((point) => point.epoch);
  const epoch =
    view.classEpoch !== null && epochs.includes(view.classEpoch) ? view.classEpoch : epochs.at(-1);
  renderEpochChoice(epochs, epoch);
  layout.classes.hidden = epoch === undefined;
  if (epoch !== undefined) {
    renderClassBars(
      layout.classBars,
      runs.flatMap((run) => {
        const point = seriesOf(run)
          .evaluationsOf()
          .find((candidate) => candidate.epoch === epoch);
        return point ? [{ runId: run.id, label: run.label, color: run.color, classes: point.classes }] : [];
      }),
    );
    layout.heatmapCard.hidden = evalOnly || evaluations.length < 2;
    if (!layout.heatmapCard.hidden) heatmap.render(classGrid(evaluations), epoch);
  }
  const shown: EvaluationPoint[] = (main?.splits() ?? []).flatMap(
    (split) => main?.evaluationsOf(split).find((point) => point.epoch === epoch) ?? [],
  );
  renderReport(layout.report, shown, main?.params ?? {}, ended);
  renderParams(layout.params, main?.params ?? {}, runs[0]?.defaults ?? {});
}

function renderStatus(main: RunSeries | undefined): void {
  const end = main?.end;
  layout.status.dataset.status = end?.status ?? 'running';
  layout.status.textContent = statusText(main);
  layout.trainingSummary.hidden = main?.evalOnly ?? false;
  const checkpoint = main?.evalOnly ? main.params.eval_from_exp || main.params.reload_model : undefined;
  layout.evaluationSummary.textContent = checkpoint ? ` · evaluation of ${String(checkpoint)}` : '';
  layout.lossPoints.textContent = String(main?.training.length ?? 0);
  const lastLoss = [...(main?.training ?? [])].reverse().find((point) => point.loss !== null)?.loss;
  layout.lastLoss.textContent = lastLoss === undefined || lastLoss === null ? '–' : formatLoss(lastLoss);
  const failures = runs.flatMap((run) => {
    const runEnd = seriesOf(run).end;
    if (runEnd?.status !== 'failed' && runEnd?.status !== 'diverged') return [];
    const line = document.createElement('p');
    line.dataset.run = run.id;
    const what = document.createElement('strong');
    what.textContent = `${run.label} ${runEnd.status}${runEnd.message ? ':' : ''}`;
    line.append(what, runEnd.message ? ` ${runEnd.message}` : '');
    return [line];
  });
  layout.error.replaceChildren(...failures);
  layout.error.hidden = failures.length === 0;
}

/** `running`, `finished`, `stopped by SIGINT: resumable`, `diverged`, ... */
function statusText(main: RunSeries | undefined): string {
  const end = main?.end;
  if (!end) return main?.evalOnly ? 'evaluating' : 'running';
  if (end.status !== 'stopped') return end.status;
  return `stopped${end.signal ? ` by ${end.signal}` : ''}: resumable`;
}

function renderTrainingCharts(): void {
  const maxSeconds = Math.max(0, ...runs.map((run) => seriesOf(run).training.at(-1)?.seconds ?? 0));
  const x = xAxis(view.xAxis, maxSeconds);
  const syncKey = `training-${view.xAxis}`;
  const markers = resumeMarkers(x);
  layout.charts.loss.render({
    lines: runs.map((run) => {
      const points = seriesOf(run).training;
      const raw = points.map((point) => point.loss);
      const smoothed = view.smoothing > 0;
      return {
        ...lineOf(run),
        x: points.map(x.of),
        y: smoothed ? smooth(raw, view.smoothing) : raw,
        raw: smoothed ? raw : undefined,
      };
    }),
    x,
    y: { label: 'loss', tick: formatTick, value: formatLoss },
    syncKey,
    markers,
  });
  layout.charts.learningRate.render({
    lines: runs.map((run) => {
      const points = seriesOf(run).training;
      return { ...lineOf(run), x: points.map(x.of), y: points.map((point) => point.learningRate) };
    }),
    x,
    y: { label: 'learning rate', tick: formatScientific, value: formatScientific },
    syncKey,
    markers,
  });
}

function resumeMarkers(x: XAxis): ChartMarker[] {
  return runs.flatMap((run) =>
    seriesOf(run).resumes.map((marker) => ({
      runId: run.id,
      x: x.of(marker),
      color: run.color,
      text: `resumed at step ${marker.step}`,
    })),
  );
}

const EPOCH_AXIS: ChartAxis = { label: 'epoch', whole: true, tick: String, value: String };

function renderEvaluationCharts(): void {
  const lines = (metric: (point: EvaluationPoint) => number | undefined): ChartLine[] =>
    runs.flatMap((run) => {
      const runSeries = seriesOf(run);
      return runSeries.splits().map((split) => {
        const points = runSeries.evaluationsOf(split);
        const valid = split === 'valid';
        return {
          ...lineOf(run),
          id: valid ? run.id : `${run.id}#${split}`,
          label: valid ? run.label : `${run.label} (${split})`,
          dashed: !valid,
          x: points.map((point) => point.epoch),
          y: points.map((point) => metric(point) ?? null),
        };
      });
    });
  layout.charts.accuracy.render({
    lines: lines(accuracyOf),
    x: EPOCH_AXIS,
    y: { label: 'accuracy (%)', tick: formatTick, value: formatPercent, bounds: [0, 100] },
    syncKey: 'evaluation',
    points: true,
  });
  layout.charts.xeLoss.render({
    lines: lines(xeLossOf),
    x: EPOCH_AXIS,
    y: { label: 'cross-entropy loss', tick: formatTick, value: formatLoss },
    syncKey: 'evaluation',
    points: true,
  });
}

function lineOf(run: PanelRun): Pick<ChartLine, 'id' | 'label' | 'color'> {
  return { id: run.id, label: run.label, color: run.color };
}

/** The epoch selector's options: the latest epoch (followed as evaluations arrive), then each epoch. */
function renderEpochChoice(epochs: number[], shown: number | undefined): void {
  const select = layout.classEpoch;
  const values = ['latest', ...epochs.map(String)];
  const current = Array.from(select.options, (option) => option.value);
  if (current.join() !== values.join() || select.options[0]?.text !== latestText(epochs)) {
    select.replaceChildren(
      new Option(latestText(epochs), 'latest'),
      ...epochs.map((epoch) => new Option(String(epoch), String(epoch))),
    );
  }
  select.value = view.classEpoch === null || shown === undefined ? 'latest' : String(shown);
  layout.classEpochChoice.hidden = epochs.length < 2;
}

function latestText(epochs: number[]): string {
  return epochs.length === 0 ? 'latest' : `latest (${epochs.at(-1)})`;
}

layout.xAxis.addEventListener('change', () => {
  view.xAxis = X_AXIS_KINDS.find((kind) => kind === layout.xAxis.value) ?? 'step';
  changeView();
});
layout.smoothing.addEventListener('input', () => {
  view.smoothing = Number(layout.smoothing.value);
  changeView();
});
layout.classEpoch.addEventListener('change', () => {
  view.classEpoch = layout.classEpoch.value === 'latest' ? null : Number(layout.classEpoch.value);
  changeView();
});
// VS Code switches the body's theme class (vscode-light, vscode-dark, ...): the charts take the new colours
new MutationObserver(render).observe(document.body, { attributes: true, attributeFilter: ['class'] });

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message.type === 'runs') {
    // a warning was about the runs shown before: another main run starts without it
    if (message.runs[0]?.id !== runs[0]?.id) layout.warning.textContent = '';
    runs = message.runs;
    const ids = new Set(runs.map((run) => run.id));
    for (const id of series.keys()) if (!ids.has(id)) series.delete(id);
    for (const run of runs) if (!series.has(run.id)) series.set(run.id, new RunSeries());
  } else if (message.type === 'events') {
    series.get(message.runId)?.append(message.events);
  } else {
    layout.warning.textContent = message.message;
  }
  render();
});
vscode.postMessage({ type: 'ready' });
