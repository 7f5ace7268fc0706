// The run panel's script: receives runs and their events from the extension, draws the curves, the parameters and the report.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import type { HostMessage, PanelRun, WebviewMessage } from '../webview/protocol';
import { Chart, type Line } from './charts';
import { renderParams, renderReport } from './report';
import { appendEvents, emptySeries, type RunSeries } from './run-series';

declare function acquireVsCodeApi(): { postMessage(message: WebviewMessage): void };

const vscode = acquireVsCodeApi();
const element = (id: string) => document.getElementById(id) as HTMLElement;
const charts = {
  loss: new Chart(element('chart-loss'), 'Training loss', 'step', true),
  accuracy: new Chart(element('chart-accuracy'), 'Validation accuracy (%)', 'epoch'),
  classes: new Chart(element('chart-classes'), 'Per-class accuracy (%), main run', 'epoch'),
  learningRate: new Chart(element('chart-lr'), 'Learning rate', 'step'),
};
let runs: PanelRun[] = [];
const series = new Map<string, RunSeries>();

function redraw(): void {
  const lines = (pick: (s: RunSeries) => [number[], number[]]): Line[] =>
    runs.map((run) => {
      const [x, y] = pick(series.get(run.id) ?? emptySeries());
      return { label: run.label, x, y };
    });
  charts.loss.update(lines((s) => [s.steps, s.loss]));
  charts.accuracy.update(lines((s) => [s.epochs, s.accuracy]));
  charts.learningRate.update(lines((s) => [s.steps, s.learningRate]));
  const main = runs[0] && series.get(runs[0].id);
  const classLines = [...(main?.classAccuracy ?? new Map<string, number[]>())].map(([name, y]) => ({
    label: `class ${name}`,
    x: main?.epochs ?? [],
    y,
  }));
  charts.classes.update(classLines.length > 0 ? classLines : [{ label: 'no evaluation yet', x: [], y: [] }]);
  element('loss-points').textContent = String(charts.loss.pointCount());
  const last = main?.loss.at(-1);
  element('last-loss').textContent = last === undefined ? '–' : last.toFixed(4);
  renderReport(element('report'), main?.lastReport);
  renderParams(element('params'), main?.params ?? {});
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message.type === 'runs') {
    runs = message.runs;
    for (const run of runs) if (!series.has(run.id)) series.set(run.id, emptySeries());
    element('title').textContent = runs.map((run) => run.label).join(' vs ');
  } else if (message.type === 'events') {
    appendEvents(series.get(message.runId) ?? emptySeries(), message.events);
  } else {
    element('warning').textContent = message.message;
  }
  redraw();
});
vscode.postMessage({ type: 'ready' });
