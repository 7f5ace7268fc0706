// The points of a sweep: the product of its --grid values, its explicit points (a JSON or YAML file) and its --seeds,
// each named by a readable id made from its settings (the run's exp_id).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultLoaders } from 'cosmiconfig';
import { UsageError } from '../core/usage-error';

/** One run of a sweep: its settings (raw flag values, as typed) on top of the sweep's base command. */
export interface SweepPoint {
  /** Its position in the sweep (the Slurm array index). */
  index: number;
  /** The run's exp_id: `base=10,n_enc_layers=2,seed=0`. */
  id: string;
  settings: Record<string, string>;
}

/** What chooses the points: `--grid key=v1,v2` (repeatable), `--points FILE`, `--seeds 0-4`. */
export interface PointsRequest {
  grid: readonly string[];
  pointsFile?: string;
  seeds?: string;
  cwd: string;
}

export const SEED_KEY = 'env_base_seed';
const MAX_ID_LENGTH = 120;

/** The grid's keys with their values, in command-line order; seeds last, under env_base_seed. */
export function parseGrid(request: PointsRequest): Map<string, string[]> {
  const grid = new Map<string, string[]>();
  for (const text of request.grid) {
    const at = text.indexOf('=');
    const key = text.slice(0, at).replace(/^--/, '').replace(/-/g, '_');
    if (at <= 0 || !key)
      throw new UsageError(`--grid ${text}: write name=value1,value2, e.g. --grid base=2,3,10`);
    // values are separated by commas, or by semicolons when a value holds commas (an optimizer: adam,lr=1e-4)
    const body = text.slice(at + 1);
    const values = (body.includes(';') ? body.split(';') : body.split(',')).map((value) => value.trim());
    if (values.some((value) => value === ''))
      throw new UsageError(
        `--grid ${text}: a value is empty (values are separated by commas, or by semicolons)`,
      );
    if (grid.has(key)) throw new UsageError(`--grid ${key} is given twice: give all its values at once`);
    if (new Set(values).size !== values.length)
      throw new UsageError(`--grid ${text}: a value is listed twice`);
    grid.set(key, values);
  }
  if (request.seeds !== undefined) {
    if (grid.has(SEED_KEY))
      throw new UsageError(`--seeds and --grid ${SEED_KEY} both set the seeds: give one of them`);
    grid.set(SEED_KEY, parseSeeds(request.seeds).map(String));
  }
  return grid;
}

/** `0-4`, `0,3,7` or `0-2,10`: the seeds, in order, each once. */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const range = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!range) throw new UsageError(`--seeds ${text}: write a range or a list of seeds, e.g. --seeds 0-4`);
    const first = Number(range[1]);
    const last = range[2] === undefined ? first : Number(range[2]);
    if (last < first) throw new UsageError(`--seeds ${text}: ${part.trim()} ends before it starts`);
    if (last - first >= 10_000) throw new UsageError(`--seeds ${text}: more than 10000 seeds`);
    for (let seed = first; seed <= last; seed++) seeds.push(seed);
  }
  if (new Set(seeds).size !== seeds.length) throw new UsageError(`--seeds ${text}: a seed is listed twice`);
  return seeds;
}

/** The explicit points of a JSON or YAML file: a list of {setting: value} objects. */
export function readPointsFile(file: string, shown = file): Array<Record<string, string>> {
  let content: unknown;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--points ${shown}: cannot read it (${(error as NodeJS.ErrnoException).code})`);
  }
  try {
    content = /\.ya?ml$/i.test(file) ? defaultLoaders['.yaml'](file, text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--points ${shown}: ${firstLine((error as Error).message)}`);
  }
  if (!Array.isArray(content) || content.length === 0)
    throw new UsageError(`--points ${shown}: write a list of points, e.g. [{"base": 10}, {"base": 30}]`);
  return content.map((point, i) => {
    const where = `--points ${shown}: point ${i + 1}`;
    if (typeof point !== 'object' || point === null || Array.isArray(point))
      throw new UsageError(`${where} is not a {setting: value} object`);
    return Object.fromEntries(
      Object.entries(point as Record<string, unknown>).map(([key, value]) => {
        if (!['string', 'number', 'boolean'].includes(typeof value))
          throw new UsageError(`${where}: ${key} must be a string, number or boolean`);
        return [key.replace(/-/g, '_'), String(value)];
      }),
    );
  });
}

/** Every point: each explicit point (or one empty point) combined with every combination of the grid's values. */
export function sweepPoints(request: PointsRequest): SweepPoint[] {
  const grid = parseGrid(request);
  const file = request.pointsFile && path.resolve(request.cwd, request.pointsFile);
  const explicit = file ? readPointsFile(file, request.pointsFile) : [{}];
  if (grid.size === 0 && !file)
    throw new UsageError('A sweep needs --grid name=value1,value2, --points FILE or --seeds 0-4');
  for (const point of explicit) {
    const both = Object.keys(point).find((key) => grid.has(key));
    if (both)
      throw new UsageError(`${both} is set both by --points ${request.pointsFile} and by --grid or --seeds`);
  }
  let combinations: Array<Record<string, string>> = explicit;
  for (const [key, values] of grid)
    combinations = combinations.flatMap((point) => values.map((value) => ({ ...point, [key]: value })));
  const ids = new Map<string, number>();
  return combinations.map((settings, index) => {
    const id = pointId(settings);
    const previous = ids.get(id);
    if (previous !== undefined)
      throw new UsageError(
        `Points ${previous + 1} and ${index + 1} of the sweep have the same settings (${id})`,
      );
    ids.set(id, index);
    return { index, id, settings };
  });
}

/**
 * A folder name that reads as the point's settings: `base=10,n_enc_layers=2,seed=0`; characters a folder name or a
 * shell would trip on become `_`, and a long one is cut and ends with a hash of the settings (ids stay distinct).
 */
export function pointId(settings: Record<string, string>): string {
  const entries = Object.entries(settings);
  if (entries.length === 0) return 'default';
  const text = entries
    .map(([key, value]) => `${key === SEED_KEY ? 'seed' : key}=${value}`)
    .join(',')
    .replace(/[^\w.,=+-]/g, '_');
  const exact = entries.every(([key, value]) => /^[\w.+-]+$/.test(key) && /^[\w.+-]+$/.test(value));
  if (exact && text.length <= MAX_ID_LENGTH) return text;
  const hash = createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 8);
  return `${text.slice(0, MAX_ID_LENGTH - 9)}-${hash}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
