// `int2int sweep:status` output: one line per point (its grid settings, state, progress, best score and Slurm
// task), then a count of the points in each state.
import { runTable, type RunRow } from '../results/run-table';
import { SEED_KEY } from './sweep-points';
import type { PointStatus } from './point-status';
import type { SweepFile } from './sweep-file';

export interface SweepRow {
  id: string;
  settings: Record<string, string>;
  state: string;
  epochs?: number;
  examples?: number;
  best?: { value: number; epoch: number };
  /** JOBID_TASK and what squeue says of it (or "gone": Slurm no longer lists it). */
  slurm?: string;
  message?: string;
}

export function sweepRows(sweep: SweepFile, statuses: readonly PointStatus[], metric: string): SweepRow[] {
  const table = runTable(sweep.dumpPath, { expNames: [sweep.expName], metric });
  const rows = new Map<string, RunRow>(table.rows.map((row) => [row.run, row]));
  return statuses.map((status) => {
    const row = rows.get(`${sweep.expName}/${status.point.id}`);
    return {
      id: status.point.id,
      settings: status.point.settings,
      state: status.state,
      ...(row && { epochs: row.epochs, examples: row.examples, best: row.best, message: row.message }),
      ...(status.slurmTask && { slurm: `${status.slurmTask} ${status.slurm?.state ?? 'gone'}` }),
    };
  });
}

export function renderSweepText(sweep: SweepFile, rows: readonly SweepRow[], metric: string): string {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row.settings)))];
  const withSlurm = rows.some((row) => row.slurm);
  const header = [
    ...keys.map((key) => (key === SEED_KEY ? 'seed' : key)),
    'state',
    'epochs',
    'examples',
    `best ${metric} (epoch)`,
    ...(withSlurm ? ['slurm task'] : []),
  ];
  const numeric = new Set([keys.length + 1, keys.length + 2, keys.length + 3]);
  const cells = rows.map((row) => [
    ...keys.map((key) => row.settings[key] ?? ''),
    row.state,
    row.epochs === undefined ? '' : String(row.epochs),
    row.examples === undefined ? '' : String(row.examples),
    row.best ? `${formatScore(row.best.value)} (${row.best.epoch})` : '',
    ...(withSlurm ? [row.slurm ?? ''] : []),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => line[i].length)));
  const pad = (text: string, i: number) =>
    numeric.has(i) ? text.padStart(widths[i]) : text.padEnd(widths[i]);
  const lines = [
    `Sweep ${sweep.expName} (${sweep.dumpPath}/${sweep.expName}):`,
    header.map(pad).join('  ').trimEnd(),
  ];
  for (const [i, line] of cells.entries()) {
    lines.push(line.map(pad).join('  ').trimEnd());
    if (rows[i].message) lines.push(`  ${rows[i].state}: ${rows[i].message}`);
  }
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.state, (counts.get(row.state) ?? 0) + 1);
  lines.push(`${rows.length} runs: ${[...counts].map(([state, n]) => `${n} ${state}`).join(', ')}`);
  return lines.join('\n');
}

function formatScore(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4).replace(/0+$/, '');
}
