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
    expect(first.summary).toEqual({ operation: 'gcd', epoch: 0, loss: 0.5 });
    fs.appendFileSync(path.join(dir, 'events.jsonl'), EVAL + line({ type: 'run_end', status: 'finished' }));
    fs.writeFileSync(path.join(dir, 'checkpoint.ckpt'), '');
    const [second] = index.scan();
    expect(second).toMatchObject({ state: 'finished', hasCheckpoint: true });
    expect(describeRun(second.state, second.summary)).toBe('finished · epoch 0 · loss 0.500 · acc 73.9%');
  });

  test('a run without run_end is stopped once stale, and running while one of our tasks runs it', () => {
    const dir = makeRun(dump, 'gcd', 'y', START);
    const later = Date.now() + STALE_AFTER_MS + 1000;
    expect(new RunIndex(dump).scan(new Set(), later)[0].state).toBe('stopped');
    expect(new RunIndex(dump).scan(new Set([dir]), later)[0].state).toBe('running');
  });

  test('run_end gives failed and stopped; a resumed run (new run_start) is running again', () => {
    expect(runState({ ended: 'failed' }, 0, 1, false)).toBe('failed');
    const dir = makeRun(dump, 'gcd', 'z', START + line({ type: 'run_end', status: 'stopped' }));
    const index = new RunIndex(dump);
    expect(index.scan()[0].state).toBe('stopped');
    fs.appendFileSync(path.join(dir, 'events.jsonl'), START);
    expect(index.scan()[0].state).toBe('running');
  });
});
