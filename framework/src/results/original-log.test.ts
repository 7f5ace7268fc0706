// Tests of the reader of the original Int2Int's train.log, on a log it wrote and on damaged ones.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isOriginalLog, parseOriginalLog } from './original-log';

const LOG = fs.readFileSync(
  path.join(__dirname, '../../../test/fixtures/results/dumped/original/base10/train.log'),
  'utf8',
);

describe('parseOriginalLog', () => {
  it('reads the parameters, the command, the training reports, the scores and checkpoint of each epoch', () => {
    expect(isOriginalLog(LOG.split('\n')[0])).toBe(true);
    const log = parseOriginalLog(LOG, '/runs/original/base10');
    expect(log.params).toMatchObject({ base: 10, GRU: false, operation: 'gcd', max_epoch: 2, batch_size: 8 });
    expect(log.params.command).toBeUndefined();
    expect(log.command).toMatch(/^python train\.py --cpu true --operation gcd /);
    expect(log.problems).toEqual([]);
    const types = log.events.map((event) => event.type);
    expect(types).toEqual([
      'run_start',
      'train_stats',
      'train_stats',
      'evaluation',
      'checkpoint',
      'train_stats',
      'train_stats',
      'evaluation',
      'checkpoint',
      'run_end',
    ]);
    // a checkpoint ends each epoch: its step counts every batch of the epochs done
    const checkpoints = log.events.filter((event) => event.type === 'checkpoint');
    expect(checkpoints.map((event) => [event.epoch, event.step, path.basename(event.path)])).toEqual([
      [0, 400, 'checkpoint.pth'],
      [1, 800, 'checkpoint.pth'],
    ]);
    const reports = log.events.filter((event) => event.type === 'train_stats');
    expect(reports.map((event) => [event.epoch, event.step])).toEqual([
      [0, 200],
      [0, 400],
      [1, 600],
      [1, 800],
    ]);
    const last = log.events.filter((event) => event.type === 'evaluation').at(-1)!;
    expect(last.epoch).toBe(1);
    expect(last.metrics.valid_arithmetic_acc).toBe(73);
    expect(last.metrics.epoch).toBeUndefined();
    const one = last.classes.find((result) => result.name === '1')!;
    expect(one.total).toBeGreaterThan(0); // counted on its own log line
    expect(one.accuracy).toBe(last.metrics.valid_arithmetic_acc_1);
  });

  it('reads a run cut short as far as it got, and names a damaged __log__ line', () => {
    const cut = LOG.slice(0, LOG.indexOf('__log__')) + '__log__:{"epoch": 0, "valid_arith';
    const partial = parseOriginalLog(cut, '/runs/x');
    expect(partial.events.map((event) => event.type)).toEqual(['run_start', 'train_stats', 'train_stats']);
    const damaged = parseOriginalLog(cut + '\n', '/runs/x');
    expect(damaged.problems).toEqual([expect.stringMatching(/^line \d+: .* \(line skipped\)$/)]);
  });
});
