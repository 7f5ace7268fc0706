// Tests of the run table of `int2int runs` on a small tree of runs: finished, running, failed, diverged, a
// malformed events line, and folders that are no int2int run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LOCK_FILE } from '../experiment/lock-holder';
import { formatDuration, renderCsv, renderText } from './render-run-table';
import { runTable } from './run-table';

const line = (elapsed: number, event: object) =>
  JSON.stringify({ time: '2026-12-03T12:00:00.000Z', elapsed, ...event }) + '\n';
const start = (params: object, resumedFrom?: object) =>
  line(0, {
    type: 'run_start',
    runDir: '/x',
    operation: 'gcd',
    params: { batch_size: 32, epoch_size: 3200, ...params },
    backend: 'native (OpenBLAS 0.3.21 matmul, 2 threads)',
    vocabularySize: 1019,
    parameterCount: {},
    ...(resumedFrom && { resumedFrom }),
  });
const stats = (elapsed: number, step: number, examplesPerSecond: number) =>
  line(elapsed, {
    type: 'train_stats',
    epoch: Math.floor(step / 100),
    step,
    examplesPerSecond,
    wordsPerSecond: 10 * examplesPerSecond,
    loss: 1 / step,
    learningRate: 1e-4,
  });
const evaluation = (elapsed: number, epoch: number, acc: number, loss: number) =>
  line(elapsed, {
    type: 'evaluation',
    epoch,
    split: 'valid',
    metrics: { valid_arithmetic_xe_loss: loss, valid_arithmetic_acc: acc },
    classes: [],
    mistakes: [],
  });
const end = (elapsed: number, status: string, message?: string) =>
  line(elapsed, { type: 'run_end', status, ...(message && { message }) });

describe('runTable', () => {
  let dump: string;
  const write = (id: string, params: Record<string, unknown>, events: string, exp = 'gcd') => {
    const dir = path.join(dump, exp, id);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'params.json'),
      JSON.stringify({
        command: 'int2int train',
        params: { batch_size: 32, ...params },
        operationParams: {},
      }),
    );
    fs.writeFileSync(path.join(dir, 'events.jsonl'), events);
    return dir;
  };

  beforeEach(() => {
    dump = fs.mkdtempSync(path.join(os.tmpdir(), 'int2int-runs-'));
    write(
      'b10',
      { base: 10, env_base_seed: 0 },
      start({ base: 10 }) +
        stats(10, 100, 300) +
        evaluation(12, 0, 60, 0.9) +
        stats(22, 200, 320) +
        evaluation(24, 1, 80, 0.5) +
        evaluation(30, 2, 75, 0.6) +
        end(30, 'finished'),
    );
    const running = write(
      'b1000',
      { base: 1000, env_base_seed: 0 },
      start({ base: 1000 }) + stats(5, 100, 200),
    );
    fs.writeFileSync(
      path.join(running, LOCK_FILE),
      JSON.stringify({
        pid: process.pid,
        host: os.hostname(),
        command: 'int2int train',
        since: new Date().toISOString(),
      }),
    );
    write(
      'b2',
      { base: 2, env_base_seed: 0 },
      start({ base: 2 }) + '{"not json\n' + end(1, 'failed', '--base 2 is too small for this maxint'),
    );
    write(
      'lr',
      { base: 10, env_base_seed: 1 },
      start({ base: 10 }) + end(2, 'diverged', 'Training diverged at step 2 (epoch 0): the loss is NaN.'),
      'sgd',
    );
    fs.mkdirSync(path.join(dump, 'gcd', 'notes'));
    fs.mkdirSync(path.join(dump, 'original', '1'), { recursive: true });
    fs.writeFileSync(
      path.join(dump, 'original', '1', 'train.log'),
      'INFO - 12/03/26 12:00:00 - 0:00:00 - ...\n',
    );
  });
  afterEach(() => fs.rmSync(dump, { recursive: true, force: true }));

  it('has a row per run with its state, progress, best and last score, and the settings that differ', () => {
    const table = runTable(dump);
    expect(table.settingColumns).toEqual(['base', 'env_base_seed']);
    expect(table.rows.map(({ dir, ...row }) => [path.relative(dump, dir), row])).toEqual([
      [
        'gcd/b10',
        {
          run: 'gcd/b10',
          state: 'finished',
          epochs: 3,
          examples: 6400,
          best: { value: 80, epoch: 1 },
          last: { value: 75, epoch: 2 },
          seconds: 30,
          examplesPerSecond: 310,
          backend: 'native (OpenBLAS 0.3.21 matmul, 2 threads)',
          settings: { base: 10, env_base_seed: 0 },
          message: undefined,
        },
      ],
      [
        'gcd/b1000',
        {
          run: 'gcd/b1000',
          state: 'running',
          epochs: 0,
          examples: 3200,
          best: undefined,
          last: undefined,
          seconds: 5,
          examplesPerSecond: 200,
          backend: 'native (OpenBLAS 0.3.21 matmul, 2 threads)',
          settings: { base: 1000, env_base_seed: 0 },
          message: undefined,
        },
      ],
      [
        'gcd/b2',
        expect.objectContaining({
          state: 'failed',
          message: '--base 2 is too small for this maxint',
          settings: { base: 2, env_base_seed: 0 },
        }),
      ],
      [
        'sgd/lr',
        expect.objectContaining({
          state: 'diverged',
          message: 'Training diverged at step 2 (epoch 0): the loss is NaN.',
        }),
      ],
    ]);
    expect(table.problems).toEqual([expect.stringMatching(/gcd\/b2\/events\.jsonl:2: .* \(line skipped\)$/)]);
    expect(table.skipped).toEqual([
      `${path.join(dump, 'gcd', 'notes')}: no params.json, events.jsonl or train.log: not a run`,
      `${path.join(dump, 'original', '1')}: its train.log is neither an int2int nor an original Int2Int log, and it ` +
        'has no params.json or events.jsonl',
    ]);
  });

  it('follows a run as its events file grows', () => {
    const file = path.join(dump, 'gcd', 'b1000', 'events.jsonl');
    fs.appendFileSync(file, evaluation(8, 0, 41, 1.2));
    const row = runTable(dump).rows.find((r) => r.run === 'gcd/b1000')!;
    expect(row).toMatchObject({ state: 'running', epochs: 1, best: { value: 41, epoch: 0 } });
  });

  it('takes a loss metric as best when lowest; filters by setting or state; sorts by a column or a setting', () => {
    const loss = runTable(dump, { metric: 'valid_arithmetic_xe_loss', expNames: ['gcd'] });
    expect(loss.rows[0]).toMatchObject({ best: { value: 0.5, epoch: 1 }, last: { value: 0.6, epoch: 2 } });
    expect(runTable(dump, { filters: [{ key: 'base', value: '10' }] }).rows.map((r) => r.run)).toEqual([
      'gcd/b10',
      'sgd/lr',
    ]);
    expect(runTable(dump, { filters: [{ key: 'state', value: 'running' }] }).rows.map((r) => r.run)).toEqual([
      'gcd/b1000',
    ]);
    expect(runTable(dump, { sort: 'base' }).rows.map((r) => r.run)).toEqual([
      'gcd/b2',
      'gcd/b10',
      'sgd/lr',
      'gcd/b1000',
    ]);
    expect(runTable(dump, { sort: 'best' }).rows[0].run).toBe('gcd/b10');
    expect(() => runTable(dump, { sort: 'accuracy' })).toThrow(
      '--sort accuracy: sort by one of run, state, epochs, examples, best, last, seconds, examples_per_s, base, env_base_seed',
    );
  });

  it('renders text with each failure under its row, and CSV with quoted fields', () => {
    const table = runTable(dump, { expNames: ['gcd'] });
    const text = renderText(table).split('\n');
    expect(text[0]).toMatch(
      /^run +state +epochs +examples +best valid_arithmetic_acc \(epoch\) +last .* base$/,
    );
    expect(text[1]).toMatch(/^gcd\/b10 +finished +3 +6400 +80 \(1\) +75 \(2\) +0:00:30 +310\.0 +native +10$/);
    expect(text).toContain('  failed: --base 2 is too small for this maxint');
    const csv = renderCsv(table).split('\n');
    expect(csv[0]).toBe(
      'run,state,epochs,examples,best_valid_arithmetic_acc,best_epoch,last_valid_arithmetic_acc,last_epoch,seconds,' +
        'examples_per_s,backend,base,message',
    );
    expect(csv[1]).toBe(
      'gcd/b10,finished,3,6400,80,1,75,2,30.0,310.00,"native (OpenBLAS 0.3.21 matmul, 2 threads)",10,',
    );
    expect(renderText(runTable(path.join(dump, 'original')))).toBe('No runs found.');
    expect(formatDuration(3725.4)).toBe('1:02:05');
  });

  it("lists a sweep's runs in the order of its points, its grid keys first among the settings", () => {
    const ids = ['base=2,seed=0', 'base=10,seed=0', 'base=1000,seed=0'];
    for (const [i, id] of ids.entries())
      write(
        id,
        { base: [2, 10, 1000][i], env_base_seed: 0, n_enc_layers: 2 + i },
        start({}) + end(1, 'finished'),
        'sweep',
      );
    fs.mkdirSync(path.join(dump, 'sweep', '.sweep', 'output'), { recursive: true });
    fs.writeFileSync(
      path.join(dump, 'sweep', 'sweep.json'),
      JSON.stringify({
        version: 1,
        grid: { base: ['2', '10', '1000'], env_base_seed: ['0'] },
        points: ids.map((id, index) => ({
          index,
          id,
          settings: { base: String([2, 10, 1000][index]), env_base_seed: '0' },
        })),
        submissions: [],
      }),
    );
    const table = runTable(dump, { expNames: ['sweep'] });
    expect(table.rows.map((row) => row.run)).toEqual(ids.map((id) => `sweep/${id}`));
    expect(table.settingColumns).toEqual(['base', 'env_base_seed', 'n_enc_layers']);
    expect(table.skipped).toEqual([]); // its .sweep folder is no run
  });
});
