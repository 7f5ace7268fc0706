// The run panel's parameters: those that differ from their defaults first (with the default), the others folded away.
import type { ParamValue } from '../../../framework/src/operations/parameters';

/** Where the run is written and what it is called: they differ in every run, and the title already shows them. */
const NAMING_PARAMS = new Set(['dump_path', 'exp_name', 'exp_id']);

export interface ParamsElements {
  /** How many were changed. */
  note: HTMLElement;
  changed: HTMLTableElement;
  others: HTMLDetailsElement;
}

/**
 * Lists `params`: in `changed` (a row per parameter, `data-param` its name) the ones whose value differs from
 * `defaults`, sorted by name; in the folded `others` the rest. A parameter without a default counts as unchanged.
 */
export function renderParams(
  elements: ParamsElements,
  params: Record<string, ParamValue>,
  defaults: Record<string, ParamValue>,
): void {
  const names = Object.keys(params).sort();
  const isChanged = (name: string) =>
    !NAMING_PARAMS.has(name) && name in defaults && defaults[name] !== params[name];
  const changed = names.filter(isChanged);
  const others = names.filter((name) => !isChanged(name));

  const body = elements.changed.tBodies[0] ?? elements.changed.createTBody();
  body.replaceChildren(...changed.map((name) => row(name, params[name], `default ${show(defaults[name])}`)));
  elements.changed.hidden = changed.length === 0;
  elements.note.textContent =
    names.length === 0
      ? 'No parameters yet.'
      : changed.length === 0
        ? 'Every parameter has its default value.'
        : `${changed.length} changed from their defaults:`;

  const summary = elements.others.querySelector('summary') ?? document.createElement('summary');
  summary.textContent = `${others.length} other parameters`;
  const table = document.createElement('table');
  table.createTBody().append(...others.map((name) => row(name, params[name])));
  elements.others.replaceChildren(summary, table);
  elements.others.hidden = others.length === 0;
}

function row(name: string, value: ParamValue, note?: string): HTMLTableRowElement {
  const result = document.createElement('tr');
  result.dataset.param = name;
  const nameCell = document.createElement('th');
  nameCell.textContent = name;
  const valueCell = document.createElement('td');
  valueCell.textContent = show(value);
  result.append(nameCell, valueCell);
  if (note !== undefined) {
    const noteCell = document.createElement('td');
    noteCell.className = 'param-default';
    noteCell.textContent = note;
    result.append(noteCell);
  }
  return result;
}

/** `""` for an empty string, so that it does not look like a missing value. */
function show(value: ParamValue): string {
  return value === '' ? '""' : String(value);
}
