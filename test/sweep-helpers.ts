// Helpers for the end-to-end tests of `int2int sweep`: a 2x2 grid of tiny GCD runs, waiting on a run's files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TINY_MODEL } from './cli-helpers';

/** The settings every run of the test sweeps shares: 3 epochs of 100 steps of the tiny model. */
export const SWEEP_BASE = [
  ...['--operation', 'gcd', ...TINY_MODEL],
  ...['--epoch_size', '1600', '--max_epoch', '3', '--eval_size', '64', '--max_output_len', '4'],
  ...['--report_loss_every', '10', '--num_workers', '0'],
];
export const GRID = ['--grid', 'base=10,30', '--grid', 'dropout=0,0.1'];
export const POINT_IDS = [
  'base=10,dropout=0',
  'base=10,dropout=0.1',
  'base=30,dropout=0',
  'base=30,dropout=0.1',
];

/** Resolves once `check` holds, polling; rejects after `timeoutMs` with `what`. */
export async function waitUntil(what: string, check: () => boolean, timeoutMs = 120_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The pid of the process holding a run folder's lock. */
export function lockHolderPid(runDir: string): number | undefined {
  const text = readText(path.join(runDir, '.lock'));
  return text ? (JSON.parse(text) as { pid: number }).pid : undefined;
}

/** The last run_end status of a run, from its events.jsonl. */
export function lastRunEnd(runDir: string): string | undefined {
  const ends = readText(path.join(runDir, 'events.jsonl'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; status?: string })
    .filter((event) => event.type === 'run_end');
  return ends.at(-1)?.status;
}
