// `int2int runs` output: the run table as aligned text for a terminal, as CSV for a spreadsheet, as JSON for scripts.
import { settingText, type MetricValue, type RunRow, type RunTable } from './run-table';

interface Column {
  title: string;
  /** What the cell shows in text and CSV. */
  cell: (row: RunRow) => string;
  /** Right-aligned in text (numbers). */
  numeric?: boolean;
}

function columns(table: RunTable): Column[] {
  const metric = table.metric;
  const score = (value: MetricValue | undefined) =>
    value ? `${formatNumber(value.value)} (${value.epoch})` : '';
  return [
    { title: 'run', cell: (row) => row.run },
    { title: 'state', cell: (row) => row.state },
    { title: 'epochs', cell: (row) => String(row.epochs), numeric: true },
    { title: 'examples', cell: (row) => String(row.examples), numeric: true },
    { title: `best ${metric} (epoch)`, cell: (row) => score(row.best), numeric: true },
    { title: `last ${metric} (epoch)`, cell: (row) => score(row.last), numeric: true },
    { title: 'elapsed', cell: (row) => formatDuration(row.seconds), numeric: true },
    {
      title: 'examples/s',
      cell: (row) => (row.examplesPerSecond === undefined ? '' : row.examplesPerSecond.toFixed(1)),
      numeric: true,
    },
    { title: 'backend', cell: (row) => (row.backend ?? '').split(' ')[0] },
    ...table.settingColumns.map((key) => ({
      title: key,
      cell: (row: RunRow) => (row.settings[key] === undefined ? '' : settingText(row.settings[key])),
    })),
  ];
}

/** Aligned columns, a header line, then a line per run (and the message of each failed or diverged run). */
export function renderText(table: RunTable): string {
  if (table.rows.length === 0) return 'No runs found.';
  const cols = columns(table);
  const cells = table.rows.map((row) => cols.map((col) => col.cell(row)));
  const widths = cols.map((col, i) => Math.max(col.title.length, ...cells.map((line) => line[i].length)));
  const pad = (text: string, i: number) =>
    cols[i].numeric ? text.padStart(widths[i]) : text.padEnd(widths[i]);
  const lines = [
    cols
      .map((col, i) => pad(col.title, i))
      .join('  ')
      .trimEnd(),
  ];
  for (const [r, line] of cells.entries()) {
    lines.push(line.map(pad).join('  ').trimEnd());
    const message = table.rows[r].message;
    if (message) lines.push(`  ${table.rows[r].state}: ${message}`);
  }
  return lines.join('\n');
}

/** RFC 4180 CSV: the text table's columns, the best and last values and their epochs in columns of their own. */
export function renderCsv(table: RunTable): string {
  const header = [
    'run',
    'state',
    'epochs',
    'examples',
    `best_${table.metric}`,
    'best_epoch',
    `last_${table.metric}`,
    'last_epoch',
    'seconds',
    'examples_per_s',
    'backend',
    ...table.settingColumns,
    'message',
  ];
  const lines = table.rows.map((row) => [
    row.run,
    row.state,
    String(row.epochs),
    String(row.examples),
    row.best ? String(row.best.value) : '',
    row.best ? String(row.best.epoch) : '',
    row.last ? String(row.last.value) : '',
    row.last ? String(row.last.epoch) : '',
    row.seconds.toFixed(1),
    row.examplesPerSecond === undefined ? '' : row.examplesPerSecond.toFixed(2),
    row.backend ?? '',
    ...table.settingColumns.map((key) =>
      row.settings[key] === undefined ? '' : settingText(row.settings[key]),
    ),
    row.message ?? '',
  ]);
  return [header, ...lines].map((line) => line.map(csvField).join(',')).join('\n');
}

/** The table for scripts: the metric, the setting columns, and the rows with numbers as numbers. */
export function renderJson(table: RunTable): string {
  const { metric, settingColumns, rows } = table;
  return JSON.stringify({ metric, settingColumns, rows }, null, 2);
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function formatNumber(value: number): string {
  return Math.abs(value) >= 1000 || Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** `0:04:56`: hours, minutes, seconds, as the training log prints its elapsed time. */
export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
