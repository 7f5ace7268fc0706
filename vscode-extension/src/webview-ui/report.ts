// The run panel's evaluation report: headline metrics of each split (accuracy first), per-class results once, a few mistakes.
import type { ParamValue } from '../../../framework/src/operations/parameters';
import {
  classAccuracy,
  headlineMetrics,
  type EvaluationPoint,
  type HeadlineMetric,
} from '../../../framework/src/reporting/run-series';
import { formatLoss, formatPercent } from './format';

/** How the report names Int2Int's metrics (`<split>_<task>_<metric>`), in the order it lists them. */
const METRIC_NAMES: Record<string, string> = {
  acc: 'accuracy',
  xe_loss: 'cross-entropy loss',
  beam_acc: 'beam accuracy',
  perfect: 'perfect',
  correct: 'correct',
};
const MISTAKES_SHOWN = 5;

export interface ReportElements {
  heading: HTMLElement;
  metrics: HTMLTableElement;
  classes: HTMLDetailsElement;
  mistakes: HTMLElement;
}

/**
 * Fills the report with `evaluations` (one per split, valid first, all of one epoch); `params` gives the task
 * name that prefixes the metric names; `ended`: the run will make no more evaluations.
 */
export function renderReport(
  elements: ReportElements,
  evaluations: readonly EvaluationPoint[],
  params: Record<string, ParamValue>,
  ended: boolean,
): void {
  const main = evaluations[0];
  elements.metrics.hidden = elements.classes.hidden = elements.mistakes.hidden = !main;
  if (!main) {
    elements.heading.textContent = ended ? 'No evaluation.' : 'No evaluation yet.';
    return;
  }
  elements.heading.textContent = `Evaluation of epoch ${main.epoch}`;
  renderMetrics(elements.metrics, evaluations, typeof params.tasks === 'string' ? params.tasks : '');
  renderClasses(elements.classes, main);
  renderMistakes(elements.mistakes, main);
}

function renderMetrics(table: HTMLTableElement, evaluations: readonly EvaluationPoint[], task: string): void {
  const columns = evaluations.map(
    (point) => new Map(headlineMetrics(point).map((m) => [shortName(m, task), m])),
  );
  const names = [...new Set(columns.flatMap((column) => [...column.keys()]))].sort(
    (a, b) => metricRank(a) - metricRank(b),
  );
  const head = table.createTHead();
  head.replaceChildren();
  const headRow = head.insertRow();
  cell(headRow, 'th', 'metric');
  for (const point of evaluations) cell(headRow, 'th', point.split);
  const body = table.tBodies[0] ?? table.createTBody();
  body.replaceChildren();
  for (const name of names) {
    const row = body.insertRow();
    cell(row, 'th', METRIC_NAMES[name] ?? name).title = name;
    for (const column of columns) {
      const metric = column.get(name);
      const value = cell(row, 'td', metric ? formatMetric(metric) : '–');
      value.className = 'number';
      if (metric) value.title = metric.key;
    }
  }
}

function renderClasses(details: HTMLDetailsElement, point: EvaluationPoint): void {
  const summary = details.querySelector('summary') ?? details.appendChild(document.createElement('summary'));
  summary.textContent = `Per-class results, ${point.split} (${point.classes.length} classes)`;
  const table = document.createElement('table');
  const headRow = table.createTHead().insertRow();
  for (const title of ['class', 'correct', 'total', 'accuracy']) cell(headRow, 'th', title);
  const body = table.createTBody();
  for (const result of point.classes) {
    const row = body.insertRow();
    cell(row, 'td', result.name);
    cell(row, 'td', String(result.correct)).className = 'number';
    cell(row, 'td', String(result.total)).className = 'number';
    cell(row, 'td', result.total > 0 ? formatPercent(classAccuracy(result)) : '–').className = 'number';
  }
  details.replaceChildren(summary, table);
}

function renderMistakes(list: HTMLElement, point: EvaluationPoint): void {
  const heading = document.createElement('h4');
  heading.textContent =
    point.mistakes.length === 0 ? 'No mistakes recorded' : `A few mistakes (${point.split})`;
  const items = document.createElement('ul');
  for (const mistake of point.mistakes.slice(0, MISTAKES_SHOWN)) {
    const item = document.createElement('li');
    const problem = document.createElement('code');
    problem.textContent = mistake.problem;
    item.append(problem, `: predicted ${mistake.predicted}, expected ${mistake.expected}`);
    items.append(item);
  }
  list.replaceChildren(heading, items);
}

/** `acc` for `valid_arithmetic_acc` (the split is already gone). */
function shortName(metric: HeadlineMetric, task: string): string {
  return task && metric.name.startsWith(`${task}_`) ? metric.name.slice(task.length + 1) : metric.name;
}

function metricRank(name: string): number {
  const rank = Object.keys(METRIC_NAMES).indexOf(name);
  return rank === -1 ? Object.keys(METRIC_NAMES).length : rank;
}

function formatMetric(metric: HeadlineMetric): string {
  return metric.unit === 'percent' ? formatPercent(metric.value) : formatLoss(metric.value);
}

function cell(row: HTMLTableRowElement, tag: 'th' | 'td', text: string): HTMLTableCellElement {
  const result = document.createElement(tag);
  result.textContent = text;
  row.append(result);
  return result;
}
