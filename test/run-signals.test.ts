// End-to-end: Ctrl-C (SIGINT), SIGTERM and SIGUSR1 stop a training run or an evaluation within a step, with a
// checkpoint of where the run stood; the same command resumes it with the losses and scores of an uninterrupted run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadNativeBinding } from '../framework/src/backends/native-kernels';
import { loadCheckpoint } from '../framework/src/checkpoints/checkpoint-file';
import { makeTempDir, readEvents, reported, runCli, startCli, TINY_GCD_RUN, withFlags } from './cli-helpers';

/** 100 steps an epoch, two epochs, a log line every 10 steps. */
const RUN = withFlags(
  TINY_GCD_RUN,
  ...['--epoch_size', '1600', '--max_epoch', '2', '--eval_size', '200', '--report_loss_every', '10'],
  ...['--env_base_seed', '7'],
);
/** Whether int2int-native is built here (CI requires it): the runs then use the native backend. */
const NATIVE = !(loadNativeBinding() instanceof Error);
function readlink(link: string): string | undefined {
  try {
    return fs.readlinkSync(link);
  } catch {
    return undefined; // closed meanwhile
  }
}

/** The stop is asked for within a few seconds, on a 2-core machine running other tests. */
const STOP_WITHIN_MS = 5000;

const trainLog = (runDir: string) => fs.readFileSync(path.join(runDir, 'train.log'), 'utf8');

describe.each([0, 1])('a training run with --num_workers %d', (workers) => {
  const cwd = makeTempDir(`signals-${workers}`);
  const args = (id: string) => withFlags(RUN, '--num_workers', String(workers), '--exp_id', id);
  const dir = (id: string) => path.join(cwd, 'dumped', 'debug', id);
  let reference: ReturnType<typeof reported>;

  beforeAll(() => {
    const result = runCli(args('uninterrupted'), cwd);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(NATIVE ? /Backend: native/ : /Backend: /);
    reference = reported(result.stdout);
    expect(reference.losses).toHaveLength(20);
    expect(reference.scores).toHaveLength(2);
  });
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  // every stop signal on the main-thread generator; Ctrl-C with a worker thread
  const signals = [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGUSR1', 138],
  ] as const;
  it.each(workers === 0 ? signals : signals.slice(0, 1))(
    'stops on %s with a mid-epoch checkpoint, and resumes exactly',
    async (signal, exitCode) => {
      const id = signal.toLowerCase();
      const run = startCli(args(id), cwd);
      await run.waitFor(/^INFO - .* - +30 - /m);
      const sent = Date.now();
      run.signal(signal);
      const { code, at } = await run.exited;
      expect(code).toBe(exitCode);
      expect(at - sent).toBeLessThan(STOP_WITHIN_MS);
      expect(run.output()).toContain(`Received ${signal}: stopping after the current training step`);
      expect(run.output()).toMatch(/Stopped\. Run the same command again to resume from /);

      const checkpoint = loadCheckpoint(path.join(dir(id), 'checkpoint.ckpt'));
      expect(checkpoint.epoch).toBe(0);
      expect(checkpoint.progress).toMatchObject({ phase: 'training', examples: 16 * checkpoint.nTotalIter });
      expect(checkpoint.nTotalIter).toBeGreaterThanOrEqual(30);
      expect(checkpoint.nTotalIter).toBeLessThan(100);
      const events = readEvents(dir(id));
      expect(events.at(-1)).toMatchObject({ type: 'run_end', status: 'stopped', signal });
      expect(events.filter((e) => e.type === 'checkpoint').at(-1)).toMatchObject({
        step: checkpoint.nTotalIter,
        progress: { phase: 'training', examples: checkpoint.progress!.examples },
      });

      const resumed = runCli(args(id), cwd);
      expect(resumed.status).toBe(0);
      expect(resumed.stdout).toContain(
        `Resuming at epoch 0 / iteration ${checkpoint.nTotalIter} ... (epoch 0 after ${checkpoint.progress!.examples} examples`,
      );
      expect(reported(trainLog(dir(id)))).toEqual(reference);
    },
  );
});

describe('a stop during an evaluation', () => {
  const cwd = makeTempDir('signals-eval');
  const args = withFlags(RUN, '--exp_id', 'e');
  const runDir = path.join(cwd, 'dumped', 'debug', 'e');
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it("keeps the epoch's training: the resumed run only evaluates it, then goes on as if uninterrupted", async () => {
    const uninterrupted = runCli(withFlags(args, '--exp_id', 'e-uninterrupted'), cwd);
    expect(uninterrupted.status).toBe(0);
    const run = startCli(args, cwd);
    await run.waitFor(/\(64\/200\) Found/);
    const sent = Date.now();
    run.signal('SIGINT');
    const { code, at } = await run.exited;
    expect(code).toBe(130);
    expect(at - sent).toBeLessThan(STOP_WITHIN_MS);
    expect(run.output()).toContain('Evaluation of epoch 0 interrupted: it runs again when the run resumes.');
    const checkpoint = loadCheckpoint(path.join(runDir, 'checkpoint.ckpt'));
    expect(checkpoint.progress).toEqual({ phase: 'evaluating', examples: 1600, reportLosses: [] });
    expect(checkpoint.nTotalIter).toBe(100);

    const resumed = runCli(args, cwd);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain('Evaluating epoch 0, whose training was complete');
    expect(resumed.stdout).not.toContain('Starting epoch 0');
    const evaluations = readEvents(runDir).filter((e) => e.type === 'evaluation');
    expect(evaluations.map((e) => e.epoch)).toEqual([0, 1]);
    expect(reported(trainLog(runDir))).toEqual(reported(uninterrupted.stdout));
  });

  it('stops int2int evaluate between two batches, recording nothing', async () => {
    const run = startCli(
      [
        'evaluate',
        '--eval_from_exp',
        runDir,
        '--eval_size',
        '2000',
        '--batch_size_eval',
        '20',
        '--exp_id',
        'ev',
      ],
      cwd,
    );
    await run.waitFor(/\(100\/2000\) Found/);
    const sent = Date.now();
    run.signal('SIGINT');
    const { code, at } = await run.exited;
    expect(code).toBe(130);
    expect(at - sent).toBeLessThan(STOP_WITHIN_MS);
    expect(run.output()).toContain(
      'Received SIGINT: stopping after the current batch (an evaluation stopped before its end records no result)',
    );
    expect(run.output()).toContain(
      'Evaluation stopped before its end: no result was recorded (its log is in ',
    );
    const events = readEvents(path.join(runDir, 'evaluations', 'ev'));
    expect(events.some((e) => e.type === 'evaluation')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'run_end', status: 'stopped', signal: 'SIGINT' });
  });

  it('quits at once on a second Ctrl-C, and says so', async () => {
    const slowBatches = [
      '--eval_size',
      '3000',
      '--batch_size_eval',
      '1000',
      '--beam_eval',
      'true',
      '--beam_size',
      '8',
    ];
    const run = startCli(['evaluate', '--eval_from_exp', runDir, ...slowBatches, '--exp_id', 'twice'], cwd);
    await run.waitFor(/Generating solutions/);
    run.signal('SIGINT'); // both arrive while the first batch is being decoded
    await new Promise((wait) => setTimeout(wait, 200));
    run.signal('SIGINT');
    expect((await run.exited).code).toBe(130);
    expect(run.output()).toContain('Received SIGINT again: quitting now');
    const events = readEvents(path.join(runDir, 'evaluations', 'twice'));
    expect(events.at(-1)).toMatchObject({
      type: 'run_end',
      status: 'stopped',
      message: 'quit at once, without saving',
    });
  });

  it('quits at once when the run has not started yet, writing nothing', async () => {
    const lines = Array.from({ length: 300_000 }, (_, i) => `+ ${i % 1000} + 1 + 2 + 3 + 4\t${i % 5}`);
    const file = path.join(cwd, 'big.train');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const data = [
      '--operation',
      'data',
      '--data_types',
      'int[5]:range(5)',
      '--train_data',
      file,
      '--eval_data',
      file,
    ];
    const run = startCli(['train', ...data, '--exp_id', 'early'], cwd);
    // while it reads the training file: it has the file open
    const reading = () =>
      fs.readdirSync(`/proc/${run.pid}/fd`).some((fd) => readlink(`/proc/${run.pid}/fd/${fd}`) === file);
    let ended = false;
    void run.exited.then(() => (ended = true));
    while (!reading()) {
      if (ended) throw new Error(`ended before reading its file:\n${run.output()}`);
      await new Promise((wait) => setTimeout(wait, 10));
    }
    run.signal('SIGTERM');
    expect((await run.exited).code).toBe(143);
    expect(run.output()).toContain('Received SIGTERM before the run started: nothing was written.');
    expect(fs.existsSync(path.join(cwd, 'dumped', 'debug', 'early'))).toBe(false);
  });
});
