// End-to-end: --batch_load true reads the training file in order, a chunk of --reload_size examples at a time,
// starting again at its end; a stopped or finished run resumes at the same place in the file; bad settings are refused.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCheckpoint } from '../framework/src/checkpoints/checkpoint-file';
import { makeTempDir, reported, runCli, startCli, TINY_MODEL, withFlags } from './cli-helpers';

/** 500 lines of the elliptic rank test set (5 integers, the rank as one token). */
const RANK_SAMPLE = path.join(__dirname, '..', 'framework', 'src', 'data', 'fixtures', 'rank.sample.gz');

/** 30 steps of 16 examples an epoch: three epochs go through the 500 examples almost three times. */
function run(id: string, ...more: string[]): string[] {
  return withFlags(
    [
      'train',
      '--operation',
      'data',
      '--data_types',
      'int[5]:range(5)',
      '--train_data',
      RANK_SAMPLE,
      '--batch_load',
      'true',
      '--reload_size',
      '64',
      ...TINY_MODEL,
    ],
    ...['--batch_size', '16', '--epoch_size', '480', '--max_epoch', '3', '--report_loss_every', '5'],
    ...['--eval_data', RANK_SAMPLE, '--eval_size', '50', '--max_output_len', '3', '--env_base_seed', '5'],
    ...['--exp_id', id],
    ...more,
  );
}

describe('int2int train --batch_load true', () => {
  const cwd = makeTempDir('batch-load');
  const dir = (id: string) => path.join(cwd, 'dumped', 'debug', id);
  const trainLog = (id: string) => fs.readFileSync(path.join(dir(id), 'train.log'), 'utf8');
  let reference: ReturnType<typeof reported>;
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it('trains on the file in order, chunk by chunk, and starts it again at its end', () => {
    const result = runCli(run('whole'), cwd);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      `Reading ${RANK_SAMPLE} in order, in chunks of 64 examples (--batch_load true)`,
    );
    expect(result.stdout).not.toMatch(/Loaded \d+ training examples/);
    // 1440 examples taken from a file of 500: it was read to its end twice.
    const wraps = result.stdout.match(
      /Read all 500 examples of .*rank\.sample\.gz: starting again from its first line/g,
    );
    expect(wraps).toHaveLength(2);
    reference = reported(result.stdout);
    expect(reference.losses).toHaveLength(18);
    expect(reference.scores).toHaveLength(3);
  });

  it('differs from sampling the file at random (the default)', () => {
    const sampled = runCli(
      run('sampled', '--batch_load', 'false', '--reload_size', '-1', '--max_epoch', '1'),
      cwd,
    );
    expect(sampled.status).toBe(0);
    expect(sampled.stdout).toContain('Loaded 500 training examples');
    expect(reported(sampled.stdout).losses).not.toEqual(reference.losses.slice(0, 6));
  });

  it('resumes a finished epoch at its place in the file: the same losses as one uninterrupted run', () => {
    const first = runCli(run('epochs', '--max_epoch', '1'), cwd);
    expect(first.status).toBe(0);
    const rest = runCli(run('epochs'), cwd);
    expect(rest.status).toBe(0);
    expect(rest.stdout).toContain('Resuming at epoch 1');
    expect(reported(trainLog('epochs'))).toEqual(reference);
  });

  it('stops on Ctrl-C in the middle of a pass and resumes at the same example', async () => {
    const running = startCli(run('stopped'), cwd);
    await running.waitFor(/^INFO - .* - +40 - /m);
    running.signal('SIGINT');
    const { code } = await running.exited;
    expect(code).toBe(130);
    const checkpoint = loadCheckpoint(path.join(dir('stopped'), 'checkpoint.ckpt'));
    expect(checkpoint.epoch).toBe(1);
    expect(checkpoint.progress?.stream?.fileCursor).toBe(16 * checkpoint.nTotalIter);
    const resumed = runCli(run('stopped'), cwd);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(
      /Resuming at epoch 1 \/ iteration \d+ \.\.\. \(epoch 1 after \d+ examples/,
    );
    expect(reported(trainLog('stopped'))).toEqual(reference);
  });

  it.each([
    [
      ['--reload_size', '-1'],
      '--batch_load true reads the training file in chunks of --reload_size examples: give --reload_size a chunk size above 0 (it is -1), e.g. --reload_size 100000',
    ],
    [
      ['--two_classes', 'true', '--first_class_size', '100'],
      '--two_classes true draws from the whole training file and cannot be combined with --batch_load true',
    ],
    [
      ['--train_data', ''],
      '--batch_load true reads a training file in chunks: give the file with --train_data',
    ],
  ])('refuses %j before writing anything', (flags, message) => {
    const result = runCli(run('refused', ...flags), cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(dir('refused'))).toBe(false);
  });

  it('names the line of a bad example far into the file, in the chunk that holds it', () => {
    const file = path.join(cwd, 'late-error.txt');
    const good = '+ 1 + 0 + 1 + 1 - 28\t0\n';
    fs.writeFileSync(file, good.repeat(100) + '+ 1 + 0 + 1 + 1 - 28 3\n');
    const result = runCli(run('late', '--train_data', file, '--max_epoch', '1'), cwd);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}:101: expected INPUT<TAB>OUTPUT, found 1 tab-separated fields`);
  });
});
