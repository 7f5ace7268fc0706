// Tests of run discovery under a dump path and of the run states and summaries shown in the runs view.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findRunDirs, RunIndex } from './run-discovery';
import { describeRun, runState, STALE_AFTER_MS } from './run-summary';

const line = (event: object) => JSON.stringify({ time: 't', elapsed: 0, ...event }) + '\n';
const START = line({ type: 'run_start', operation: 'gcd', params: {} });
const STATS = line({ type: 'train_stats', epoch: 0, step: 5, loss: 0.5, learningRate: 1e-4 });
const EVAL = line({
  type: 'evaluation',
  epoch: 0,
  split: 'valid',
  metrics: { valid_arithmetic_xe_loss: 1.2, valid_arithmetic_acc: 73.9 },
  classes: [],
  mistakes: [],
});

function makeRun(dump: string, name: string, id: string, events: string, params = true): string {
  const dir = path.join(dump, name, id);
  fs.mkdirSync(dir, { recursive: true });
  if (params) fs.writeFileSync(path.join(dir, 'params.json'), '{"command":"int2int train"}');
  if (events) fs.writeFileSync(path.join(dir, 'events.jsonl'), events);
  return dir;
}

describe('run discovery', () => {
  let dump: string;
  beforeEach(() => {
    dump = fs.mkdtempSync(path.join(os.tmpdir(), 'dump-'));
  });

  test('finds <exp_name>/<exp_id> folders with params.json or events.jsonl, and nothing else', () => {
    const a = makeRun(dump, 'gcd', 'b', START);
    const b = makeRun(dump, 'gcd', 'a', '', true);
    fs.mkdirSync(path.join(dump, 'gcd', 'empty'));
    fs.writeFileSync(path.join(dump, 'notes.txt'), '');
    expect(findRunDirs(dump)).toEqual([b, a]);
    expect(findRunDirs(path.join(dump, 'missing'))).toEqual([]);
  });

  test('summarizes each run and follows its growing events file', () => {
    const dir = makeRun(dump, 'gcd', 'x', START + STATS);
    const index = new RunIndex(dump);
    const [first] = index.scan();
    expect(first).toMatchObject({ expName: 'gcd', expId: 'x', state: 'running', hasCheckpoint: false });
    expect(first.summary).toEqual({ operation: 'gcd', epoch: 0, step: 5, loss: 0.5 });
    fs.appendFileSync(path.join(dir, 'events.jsonl'), EVAL + line({ type: 'run_end', status: 'finished' }));
    fs.writeFileSync(path.join(dir, 'checkpoint.ckpt'), '');
    const [second] = index.scan();
    expect(second).toMatchObject({ state: 'finished', hasCheckpoint: true });
    expect(describeRun(second.state, second.summary)).toBe('finished · epoch 0 · loss 0.500 · acc 73.9%');
  });

  test('a run without run_end or lock file is stopped once stale, and running while one of our tasks runs it', () => {
    const dir = makeRun(dump, 'gcd', 'y', START);
    const later = Date.now() + STALE_AFTER_MS + 1000;
    expect(new RunIndex(dump).scan(new Set(), later)[0].state).toBe('stopped');
    expect(new RunIndex(dump).scan(new Set([dir]), later)[0].state).toBe('running');
  });

  test('the lock holder decides: alive is running, gone without run_end is stopped at once', () => {
    const dir = makeRun(dump, 'gcd', 'h', START);
    const holder = {
      pid: process.pid,
      host: os.hostname(),
      command: 'int2int train',
      since: new Date().toISOString(),
    };
    fs.writeFileSync(path.join(dir, '.lock'), JSON.stringify(holder));
    const index = new RunIndex(dump);
    const later = Date.now() + STALE_AFTER_MS + 1000;
    expect(index.scan(new Set(), later)[0]).toMatchObject({ state: 'running', holder });
    fs.writeFileSync(path.join(dir, '.lock'), JSON.stringify({ ...holder, pid: 2 ** 22 + 1 }));
    expect(index.scan()[0]).toMatchObject({ state: 'stopped', holder: undefined });
  });

  test('run_end gives failed (with its message), diverged and stopped; a resumed run is running again', () => {
    const live = { holderAlive: undefined, active: false, lastWrite: 0, now: 1 };
    expect(runState({ ended: 'failed' }, live)).toBe('failed');
    expect(runState({ ended: 'diverged' }, live)).toBe('diverged');
    const dir = makeRun(
      dump,
      'gcd',
      'z',
      START + line({ type: 'run_end', status: 'failed', message: 'disk full' }),
    );
    const index = new RunIndex(dump);
    expect(index.scan()[0]).toMatchObject({ state: 'failed', summary: { message: 'disk full' } });
    fs.appendFileSync(path.join(dir, 'events.jsonl'), START);
    expect(index.scan()[0].state).toBe('running');
  });

  test("lists a run's evaluations under it, with their params and results", () => {
    const dir = makeRun(dump, 'gcd', 'e', START + EVAL + line({ type: 'run_end', status: 'finished' }));
    const evaluation = path.join(dir, 'evaluations', 'ev1');
    fs.mkdirSync(evaluation, { recursive: true });
    fs.writeFileSync(
      path.join(evaluation, 'params.json'),
      JSON.stringify({
        command: 'int2int evaluate',
        params: { eval_size: 100 },
        operationParams: { maxint: 9 },
      }),
    );
    fs.writeFileSync(
      path.join(evaluation, 'events.jsonl'),
      START + EVAL + line({ type: 'run_end', status: 'finished' }),
    );
    const [run] = new RunIndex(dump).scan();
    expect(run.evaluations).toHaveLength(1);
    expect(run.evaluations[0]).toMatchObject({
      kind: 'evaluation',
      expName: 'gcd',
      expId: 'ev1',
      state: 'finished',
      params: { eval_size: 100, maxint: 9 },
      command: 'int2int evaluate',
      summary: { evaluation: { epoch: 0, metrics: { valid_arithmetic_acc: 73.9 } } },
    });
  });
});
