// The run panel's tables: the main run's parameters, and its latest evaluation report with a few mistakes.
import type { RunSeries } from './run-series';

function table(rows: Array<[string, string]>): HTMLTableElement {
  const result = document.createElement('table');
  for (const [name, value] of rows) {
    const row = result.insertRow();
    row.insertCell().textContent = name;
    row.insertCell().textContent = value;
  }
  return result;
}

export function renderParams(container: HTMLElement, params: Record<string, unknown>): void {
  container.replaceChildren(table(Object.entries(params).map(([name, value]) => [name, String(value)])));
}

export function renderReport(container: HTMLElement, report: RunSeries['lastReport']): void {
  if (!report) {
    container.textContent = 'No evaluation yet.';
    return;
  }
  const heading = document.createElement('h3');
  heading.textContent = `Evaluation after epoch ${report.epoch}`;
  const metrics = table(Object.entries(report.metrics).map(([name, value]) => [name, value.toFixed(4)]));
  const classes = table(
    report.classes.map((c) => [
      `class ${c.name}`,
      `${c.correct} / ${c.total} (${c.total === 0 ? '–' : ((100 * c.correct) / c.total).toFixed(2)}%)`,
    ]),
  );
  const mistakes = document.createElement('ul');
  for (const mistake of report.mistakes.slice(0, 5)) {
    const item = document.createElement('li');
    item.textContent = `${mistake.problem}: predicted ${mistake.predicted}, expected ${mistake.expected}`;
    mistakes.append(item);
  }
  const mistakesHeading = document.createElement('h3');
  mistakesHeading.textContent = `A few mistakes (${Math.min(5, report.mistakes.length)} shown)`;
  container.replaceChildren(heading, metrics, classes, mistakesHeading, mistakes);
}
