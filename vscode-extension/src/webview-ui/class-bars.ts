// The run panel's per-class accuracy bars for one epoch: a group per class in numeric order, a bar per run in its colour.
import type { ClassResult } from '../../../framework/src/reporting/events';
import { classAccuracy, compareClassNames } from '../../../framework/src/reporting/run-series';
import { formatPercent } from './format';

export interface ClassBarsRun {
  runId: string;
  label: string;
  color: string;
  classes: readonly ClassResult[];
}

/** The widest a class's group of bars gets (CSS: .bar-group), and the room a character of its name takes. */
const GROUP_WIDTH = 48;
const CHARACTER_WIDTH = 7;

/**
 * Draws `runs`' per-class results into `container`. Each bar is a `[data-class]` element (data-run: the run id,
 * data-accuracy: the accuracy in % with one decimal, empty without examples) whose text reads `class 12: 45.0% (9/20)`.
 */
export function renderClassBars(container: HTMLElement, runs: readonly ClassBarsRun[]): void {
  const names = [...new Set(runs.flatMap((run) => run.classes.map((result) => result.name)))].sort(
    compareClassNames,
  );
  // every class name when they fit under their bars, else every second (third, ...) one
  const groupWidth = Math.min(GROUP_WIDTH, (container.clientWidth - 40) / Math.max(1, names.length));
  const labelWidth = CHARACTER_WIDTH * Math.max(1, ...names.map((name) => name.length)) + 4;
  const labelEvery = groupWidth > 0 ? Math.ceil(labelWidth / groupWidth) : 1;
  const groups = names.map((name, index) => {
    const group = element('div', 'bar-group');
    const slots = element('div', 'bar-slots');
    for (const run of runs) slots.append(bar(run, name, runs.length > 1));
    const label = element('span', 'bar-label', name);
    if (index % labelEvery !== 0) label.classList.add('unlabelled');
    group.append(slots, label);
    return group;
  });
  const yAxis = element('div', 'bars-y');
  yAxis.append(...['100%', '50%', '0%'].map((tick) => element('span', '', tick)));
  const bars = element('div', 'bars');
  bars.append(...groups);
  const column = element('div', 'bars-column');
  column.append(bars, element('div', 'bars-x-label', 'class'));
  const plot = element('div', 'bars-plot');
  plot.append(yAxis, column);
  container.replaceChildren(plot);
}

function bar(run: ClassBarsRun, name: string, withRunLabel: boolean): HTMLElement {
  const result = run.classes.find((candidate) => candidate.name === name);
  if (!result) return element('div', 'bar missing');
  const accuracy = result.total > 0 ? classAccuracy(result) : undefined;
  const column = element('div', 'bar');
  column.dataset.class = name;
  column.dataset.run = run.runId;
  column.dataset.accuracy = accuracy === undefined ? '' : accuracy.toFixed(1);
  const text =
    `class ${name}: ${accuracy === undefined ? 'no examples' : formatPercent(accuracy)} ` +
    `(${result.correct}/${result.total})` +
    (withRunLabel ? `, ${run.label}` : '');
  column.title = text;
  const fill = element('span', 'bar-fill');
  fill.style.height = `${accuracy ?? 0}%`;
  fill.style.backgroundColor = run.color;
  column.append(fill, element('span', 'visually-hidden', text));
  return column;
}

function element(tag: 'div' | 'span', className: string, text?: string): HTMLElement {
  const result = document.createElement(tag);
  if (className) result.className = className;
  if (text !== undefined) result.textContent = text;
  return result;
}
