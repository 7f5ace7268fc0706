// `int2int runs` and `int2int plot` on a fixture tree: int2int runs finished, running (its events file growing),
// failed and diverged, a folder that is no run, a corrupt events line, and two original Int2Int train.log files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, runCli } from './cli-helpers';
import { pngFacts } from './png-facts';

const FIXTURES = path.join(__dirname, 'fixtures', 'results');

interface Row {
  run: string;
  state: string;
  epochs: number;
  examples: number;
  best?: { value: number; epoch: number };
  last?: { value: number; epoch: number };
  backend?: string;
  message?: string;
}

describe('int2int runs and plot on a fixture tree', () => {
  const cwd = makeTempDir('results-fixtures');
  const dumped = path.join(cwd, 'dumped');
  const running = path.join(dumped, 'fixture', 'running', 'events.jsonl');
  const rest = fs.readFileSync(path.join(FIXTURES, 'running-rest.jsonl'), 'utf8').split(/(?<=\n)/);
  const runs = () => {
    const result = runCli(['runs', '--json'], cwd);
    expect(result.status).toBe(0);
    return {
      table: JSON.parse(result.stdout) as { rows: Row[]; settingColumns: string[] },
      stderr: result.stderr,
    };
  };
  beforeAll(() => {
    fs.cpSync(path.join(FIXTURES, 'dumped'), dumped, { recursive: true });
    const old = new Date('2026-01-01T00:00:00Z');
    for (const dir of fs.readdirSync(dumped, { recursive: true, withFileTypes: true }))
      if (dir.isFile()) fs.utimesSync(path.join(dir.parentPath, dir.name), old, old);
    fs.utimesSync(running, new Date(), new Date()); // written a moment ago: still running
  });
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it('gives the exact table, names what it skipped, and follows the growing run', () => {
    const { table, stderr } = runs();
    expect(stderr).toContain(
      'Skipped dumped/fixture/notes: no params.json, events.jsonl or train.log: not a run',
    );
    expect(stderr).toMatch(/fixture\/finished\/events\.jsonl:50: .* \(line skipped\)/);
    const facts = table.rows.map(({ run, state, epochs, examples, best, last }) => ({
      run,
      state,
      epochs,
      examples,
      best,
      last,
    }));
    expect(facts).toEqual(
      [
        { run: 'fixture/diverged', state: 'diverged', epochs: 0, examples: 0 },
        { run: 'fixture/failed', state: 'failed', epochs: 0, examples: 3200 },
        {
          run: 'fixture/finished',
          state: 'finished',
          epochs: 3,
          examples: 960,
          best: { value: 0, epoch: 0 },
          last: { value: 0, epoch: 2 },
        },
        {
          run: 'fixture/running',
          state: 'running',
          epochs: 1,
          examples: 400,
          best: { value: 0, epoch: 0 },
          last: { value: 0, epoch: 0 },
        },
        {
          run: 'original/base10',
          state: 'finished',
          epochs: 2,
          examples: 6400,
          best: { value: 73, epoch: 1 },
          last: { value: 73, epoch: 1 },
        },
        {
          run: 'original/base1000',
          state: 'stopped',
          epochs: 2,
          examples: 6400,
          best: { value: 55, epoch: 1 },
          last: { value: 55, epoch: 1 },
        },
      ].map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined))),
    );
    expect(table.settingColumns).toContain('base');
    expect(table.rows[1].message).toContain('Cannot replace the checkpoint');
    expect(table.rows[4].backend).toBe('original Int2Int (PyTorch, CPU)');

    fs.appendFileSync(running, rest.slice(0, 25).join(''));
    expect(runs().table.rows[3]).toMatchObject({ state: 'running', epochs: 2 });
    fs.appendFileSync(running, rest.slice(25).join(''));
    expect(runs().table.rows[3]).toMatchObject({ state: 'finished', epochs: 3 });
  });

  it('draws the original runs beside ours, as SVG and PNG: a line per evaluated run, axis titles, run labels', () => {
    const evaluated = runs()
      .table.rows.filter((row) => row.best !== undefined)
      .map((row) => row.run);
    expect(evaluated).toEqual(
      expect.arrayContaining(['original/base10', 'original/base1000', 'fixture/finished']),
    );
    const out = path.join(cwd, 'metric.svg');
    const result = runCli(['plot', '--chart', 'metric', '--out', out], cwd);
    expect(result.status).toBe(0);
    const svg = fs.readFileSync(out, 'utf8');
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(evaluated.length);
    for (const text of ['epoch', 'valid_arithmetic_acc (%)', ...evaluated]) expect(svg).toContain(text);
    const png = path.join(cwd, 'metric.png');
    expect(runCli(['plot', '--chart', 'metric', '--out', png], cwd).status).toBe(0);
    const facts = pngFacts(png);
    expect(facts.width).toBeGreaterThan(800);
    expect(facts.height).toBeGreaterThan(500);
    expect(facts.drawn).toBe(true);
  });
});
