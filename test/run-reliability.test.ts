// End-to-end: what protects an experiment: the divergence guard, the folder's lock, every setting checked (against the
// experiment's checkpoint too) before anything is written, leftovers of a crash cleaned up, errors of plugin code.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCheckpoint } from '../framework/src/checkpoints/checkpoint-file';
import {
  makeTempDir,
  readEvents,
  runCli,
  startCli,
  TINY_GCD_RUN,
  TINY_MODEL,
  withFlags,
} from './cli-helpers';

const GCD = TINY_GCD_RUN;

/** Every file of a folder with a hash of its bytes: what a refused command must leave exactly as it was. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => fs.statSync(path.join(dir, name)).isFile())
      .sort()
      .map((name) => [
        name,
        createHash('sha256')
          .update(fs.readFileSync(path.join(dir, name)))
          .digest('hex'),
      ]),
  );
}

/** stderr holds exactly one line, the error. */
function oneLineError(stderr: string): string {
  const lines = stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('a diverging run', () => {
  const cwd = makeTempDir('diverge');
  const runDir = path.join(cwd, 'dumped', 'debug', 'd');
  const args = [...GCD, '--exp_id', 'd'];
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it('stops at the first non-finite loss under --nan_policy stop, keeping the last good checkpoint', () => {
    expect(runCli(args, cwd).status).toBe(0);
    const { 'checkpoint.ckpt': good, 'params.json': goodParams } = snapshot(runDir);
    const result = runCli(
      withFlags(args, '--max_epoch', '2', '--optimizer', 'sgd,lr=1e30', '--override_params', 'true'),
      cwd,
    );
    expect(result.status).toBe(1);
    expect(oneLineError(result.stderr)).toMatch(
      new RegExp(
        '^Error: Training diverged at step 2[12] \\(epoch 1\\): the loss is NaN\\. The update was not applied and ' +
          `nothing was saved after it\\. The last good checkpoint is ${runDir}/checkpoint\\.ckpt \\(end of epoch 0, step 20\\)`,
      ),
    );
    expect(snapshot(runDir)['checkpoint.ckpt']).toBe(good);
    // the changed settings never reached a checkpoint: params.json still describes the experiment
    expect(snapshot(runDir)['params.json']).toBe(goodParams);
    expect(readEvents(runDir).at(-1)).toMatchObject({ type: 'run_end', status: 'diverged' });
    expect(fs.readFileSync(path.join(runDir, 'train.log'), 'utf8')).toMatch(
      /^ERROR - .* - Training diverged at step/m,
    );
  });

  it('skips such batches under --nan_policy skip, counting them, and stops when none is left to train on', () => {
    const result = runCli(
      withFlags(
        GCD,
        '--exp_id',
        'skip',
        '--optimizer',
        'sgd,lr=1e30',
        '--nan_policy',
        'skip',
        '--epoch_size',
        '3200',
      ),
      cwd,
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/ - ARITHMETIC: .* - LR: 1\.0000e\+30 - skipped: 5$/m);
    expect(result.stdout).toContain('WARNING - ');
    expect(result.stdout).toMatch(
      /Skipped 5 batches with a non-finite loss or gradient since the last report \(\d+ since the start\)/,
    );
    expect(result.stderr).toMatch(
      /the last 100 steps \(up to step 10[12], epoch 0\) all had a non-finite loss or gradient/,
    );
    const skipDir = path.join(cwd, 'dumped', 'debug', 'skip');
    const stats = readEvents(skipDir).filter((e) => e.type === 'train_stats');
    expect(stats.some((e) => e.skipped === 5)).toBe(true);
    expect(fs.existsSync(path.join(skipDir, 'checkpoint.ckpt'))).toBe(false);
  });

  it('warns when the loss explodes without becoming NaN, whatever the report interval', () => {
    const flags = ['--exp_id', 'explode', '--optimizer', 'adam,lr=10', '--max_epoch', '2'];
    // the default --report_loss_every 200: no report line in these 40 steps, the loss is watched anyway
    const result = runCli(withFlags(GCD, ...flags, '--report_loss_every', '200'), cwd);
    expect(result.stdout).toMatch(
      /WARNING - .* - The training loss is exploding: .* at step 30 \(the mean of the last 10 steps\), /,
    );
  });
});

describe('the lock of an experiment folder', () => {
  const cwd = makeTempDir('lock');
  const runDir = path.join(cwd, 'dumped', 'debug', 'busy');
  const long = withFlags(
    GCD,
    '--exp_id',
    'busy',
    '--epoch_size',
    '160',
    '--max_epoch',
    '1000',
    '--eval_size',
    '16',
  );
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it('refuses a second process, which writes nothing; an evaluation reads a whole checkpoint meanwhile', async () => {
    const first = startCli(long, cwd);
    await first.waitFor(/Saving checkpoint[\s\S]*Saving checkpoint[\s\S]*Starting epoch 3/);
    const before = snapshot(runDir);
    const second = runCli(long, cwd);
    expect(second.status).toBe(2);
    expect(oneLineError(second.stderr)).toMatch(
      new RegExp(
        `^Error: ${runDir} is in use by process ${first.pid} \\(int2int train --operation gcd .*, since .*\\): wait for it to end, stop it \\(kill -INT ${first.pid}\\), or choose another --exp_id$`,
      ),
    );
    const after = snapshot(runDir);
    expect([after['params.json'], after['.lock']]).toEqual([before['params.json'], before['.lock']]);
    expect(readEvents(runDir).filter((e) => e.type === 'run_start')).toHaveLength(1);

    for (let i = 0; i < 3; i++) {
      const evaluation = runCli(
        ['evaluate', '--eval_from_exp', runDir, '--eval_size', '16', '--exp_id', `ev${i}`],
        cwd,
      );
      expect(evaluation.stderr).toBe('');
      expect(evaluation.status).toBe(0);
    }
    first.signal('SIGKILL');
    await first.exited;
    expect(runCli(withFlags(long, '--max_epoch', '6'), cwd).status).toBe(0);
  });
});

describe('settings are checked before anything is written', () => {
  const cwd = makeTempDir('validate');
  const runDir = path.join(cwd, 'dumped', 'debug', 'v');
  const args = [...GCD, '--exp_id', 'v'];
  beforeAll(() => expect(runCli(args, cwd).status).toBe(0));
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it.each([
    [
      ['--optimizer', 'adamm'],
      2,
      /^Error: Unknown optimizer "adamm" in --optimizer adamm; Did you mean "adam"( or "[a-z_]+")*\? Expected one of adam, /,
    ],
    [['--optimizer', 'sgd'], 2, /^Error: Optimizer sgd needs a learning rate: --optimizer sgd,lr=0\.01$/],
    [
      ['--enc_emb_dim', '64'],
      2,
      new RegExp(
        `^Error: ${runDir} holds an experiment trained with other settings: --enc_emb_dim 64 \\(the experiment has 32\\)\\. ` +
          'Run it with its own settings \\(see its params\\.json\\), choose another --exp_id for a new experiment, or add ' +
          '--override_params true to continue it with the new ones$',
      ),
    ],
    [['--operation', 'modular_add'], 2, /--operation modular_add \(the experiment has gcd\)/],
    [['--maxint', '1000'], 2, /--maxint 1000 \(the experiment has 1000000\)/],
    [
      ['--enc_emb_dim', '64', '--override_params', 'true'],
      2,
      /checkpoint\.ckpt does not fit this model \(Weight .* has shape .*\): the model's shape .* cannot change in an experiment, even with --override_params; choose another --exp_id$/,
    ],
    [
      ['--operation', 'modular_add', '--override_params', 'true'],
      2,
      /checkpoint\.ckpt was trained on operation gcd, not modular_add: an experiment's operation cannot change/,
    ],
    [
      ['--validation_metrics', 'nonsense'],
      2,
      /^Error: --validation_metrics: "nonsense" is not a score of this run; its scores are valid_arithmetic_\.\.\. with xe_loss, acc/,
    ],
    [
      ['--stopping_criterion', 'test_arithmetic_acc,5'],
      2,
      /--stopping_criterion: "test_arithmetic_acc" is not a score/,
    ],
    [['--batch_size', '0'], 2, /^Error: --batch_size must be at least 1, got "0"$/],
    [['--beam_eval', 'true', '--beam_size', '0'], 2, /^Error: --beam_size must be at least 1, got "0"$/],
    [['--n_enc_heads', '3'], 2, /^Error: --enc_emb_dim \(32\) must be a multiple of --n_enc_heads \(3\)/],
    [['--stopping_criterion', 'acc'], 2, /^Error: --stopping_criterion "acc" must be metric,N/],
  ])('%j on an existing experiment is refused in one line and changes nothing', (extra, status, message) => {
    const before = snapshot(runDir);
    const result = runCli(withFlags(args, ...extra), cwd);
    expect(result.status).toBe(status);
    expect(oneLineError(result.stderr)).toMatch(message);
    expect(result.stdout).toBe(''); // nothing but the error
    expect(snapshot(runDir)).toEqual(before);
  });

  it('continues an experiment with changed settings under --override_params true, saying what changed', () => {
    const result = runCli(
      withFlags(args, '--max_epoch', '2', '--optimizer', 'adam,lr=0.001', '--override_params', 'true'),
      cwd,
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'Continuing the experiment with changed settings: --optimizer adam,lr=0.001 (the experiment has adam,lr=0.0001)',
    );
    expect(loadCheckpoint(path.join(runDir, 'checkpoint.ckpt')).params.optimizer).toBe('adam,lr=0.001');
    const params = JSON.parse(fs.readFileSync(path.join(runDir, 'params.json'), 'utf8')) as {
      params: { optimizer: string };
    };
    expect(params.params.optimizer).toBe('adam,lr=0.001');
  });

  it('says there is nothing to do when the experiment already ran its epochs', () => {
    const result = runCli(withFlags(args, '--max_epoch', '2', '--optimizer', 'adam,lr=0.001'), cwd);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'The experiment has done its 2 epochs (--max_epoch 2): nothing to train. Give a larger --max_epoch to train it further.',
    );
  });
});

describe('bad values', () => {
  const cwd = makeTempDir('bad-values');
  const file = (name: string, content: string) => {
    fs.writeFileSync(path.join(cwd, name), content);
    return name;
  };
  const rank = (train: string, evalFile = train, ...extra: string[]) => [
    'train',
    '--operation',
    'data',
    '--data_types',
    'int[5]:range(5)',
    '--train_data',
    train,
    '--eval_data',
    evalFile,
    ...TINY_MODEL,
    ...extra,
  ];
  const LINE = '+ 1 + 0 + 1 + 1 - 28\t0\n';
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it.each([
    [['--batch_size', '0'], /^Error: --batch_size must be at least 1, got "0"$/],
    [['--num_workers', '-1'], /^Error: --num_workers must be at least 0, got "-1"$/],
    [['--epoch_size', '-5'], /^Error: --epoch_size must be at least 1, got "-5"$/],
    [['--max_epoch', '0'], /^Error: --max_epoch must be at least 1, got "0"$/],
    [['--eval_size', '0'], /^Error: --eval_size must be at least 1, got "0"$/],
    [['--dropout', '1'], /^Error: --dropout must be in \[0, 1\), got "1"$/],
    [['--eval_verbose', '3'], /^Error: --eval_verbose must be from 0 to 2, got "3"$/],
    [['--nan_policy', 'ignore'], /^Error: --nan_policy must be one of stop, skip, got "ignore"$/],
    [['--exp_id', 'a/b'], /^Error: --exp_id "a\/b" must be a plain folder name \(no slashes\)$/],
    [['--base', '1'], /^Error: --base must be at least 2, got "1"$/],
  ])('train --operation gcd %j is refused in one line, before anything is written', (extra, message) => {
    const result = runCli(withFlags(GCD, ...extra), cwd);
    expect(result.status).toBe(2);
    expect(oneLineError(result.stderr)).toMatch(message);
    expect(fs.existsSync(path.join(cwd, 'dumped'))).toBe(false);
  });

  it.each([
    [
      'an empty training file',
      () => rank(file('empty.txt', '')),
      /^Error: --train_data file \S*empty\.txt: no examples left: the file is empty$/,
    ],
    [
      'a training file of blank lines',
      () => rank(file('blank.txt', '\n\n'), 'blank.txt'),
      /blank\.txt: no examples left: its 2 lines are all blank$/,
    ],
    [
      'an empty evaluation file',
      () => rank(file('one.txt', LINE), file('none.txt', '')),
      /^Error: --eval_data file \S*none\.txt: no examples left: the file is empty$/,
    ],
    [
      'a file whose examples are all too long',
      () => rank(file('long.txt', LINE), 'long.txt', '--max_len', '5'),
      /long\.txt: no examples left: all 1 examples have 5 tokens or more on one side \(--max_len 5\)$/,
    ],
    [
      'a repeated subset larger than the file',
      () =>
        rank(file('small.txt', LINE + LINE), 'small.txt', '--two_classes', 'true', '--first_class_size', '5'),
      /--first_class_size 5 must be smaller than the training file small\.txt \(2 examples\) with --two_classes true$/,
    ],
  ])('%s is refused in one line naming the file, before anything is written', (_, args, message) => {
    const result = runCli(args(), cwd);
    expect(result.status).not.toBe(0);
    expect(oneLineError(result.stderr)).toMatch(message);
    expect(fs.existsSync(path.join(cwd, 'dumped'))).toBe(false);
  });

  it('reports an invalid config file in one line, with its line number', () => {
    const dir = makeTempDir('bad-config');
    fs.writeFileSync(
      path.join(dir, 'int2int.config.json'),
      '{ "operation": "gcd",\n  "batch_size": 8,\n  oops\n}\n',
    );
    const result = runCli(['train'], dir);
    expect(result.status).toBe(2);
    expect(oneLineError(result.stderr)).toBe(
      `Error: Cannot read the config file ${path.join(dir, 'int2int.config.json')}:3: Expected double-quoted property name in JSON at position 43`,
    );
  });

  describe('a plugin of the user, in node_modules beside the config that names it', () => {
    const dir = makeTempDir('user-plugin');
    beforeAll(() => {
      const plugin = path.join(dir, 'node_modules', 'int2int-halves');
      fs.mkdirSync(plugin, { recursive: true });
      const manifest = { name: 'int2int-halves', version: '1.0.0', int2int: { operations: './index.js' } };
      fs.writeFileSync(path.join(plugin, 'package.json'), JSON.stringify(manifest));
      fs.writeFileSync(
        path.join(plugin, 'index.js'),
        `const { operation, PositionalInt } = require('int2int');
class Halves {
  constructor() { this.inputTokenizer = new PositionalInt(10); this.outputTokenizer = new PositionalInt(10); }
  generate(rng) { const n = rng.int(1, 99); return { input: n, output: n / 2 }; }
  classOf() { return 0; }
}
operation({ name: 'halves', summary: 'Half of an integer (not always one)' })(Halves);
class Doubles extends Halves {
  generate(rng) { const n = rng.int(1, 99); return { input: n, output: 2 * n }; }
}
operation({ name: 'doubles', summary: 'Twice an integer' })(Doubles);
`,
      );
      fs.writeFileSync(
        path.join(dir, 'int2int.config.json'),
        JSON.stringify({ plugins: ['int2int-halves'] }),
      );
    });
    const train = (operation: string, workers: string) =>
      runCli(
        ['train', '--operation', operation, ...TINY_MODEL, '--epoch_size', '64', '--max_epoch', '1'].concat([
          '--eval_size',
          '16',
          '--num_workers',
          workers,
          '--exp_id',
          `${operation}-${workers}`,
        ]),
        dir,
      );

    it.each(['0', '2'])(
      'names the operation and its plugin when its code fails (--num_workers %s)',
      (workers) => {
        const result = train('halves', workers);
        expect(result.status).toBe(1);
        expect(oneLineError(result.stderr)).toMatch(
          /^Error: Operation halves \(int2int-halves\): its output tokenizer's encode\(\d+\.5\) threw: /,
        );
      },
    );

    it('trains with generation in worker threads, which share the CLI copy of int2int', () => {
      expect(train('doubles', '2').status).toBe(0);
    });
  });
});

describe('leftovers of a crash', () => {
  const cwd = makeTempDir('leftovers');
  const runDir = path.join(cwd, 'dumped', 'debug', 'l');
  const args = [...GCD, '--exp_id', 'l'];
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it('are removed or repaired at the next start: temporary checkpoints, a partial event line', () => {
    expect(runCli(args, cwd).status).toBe(0);
    fs.writeFileSync(path.join(runDir, '.checkpoint.ckpt.0badcafe.tmp'), Buffer.alloc(4096));
    fs.writeFileSync(path.join(runDir, 'params.json.tmp'), '{"half":');
    fs.appendFileSync(path.join(runDir, 'events.jsonl'), '{"type":"train_stats","epoch":1,"st');
    const result = runCli(withFlags(args, '--max_epoch', '2'), cwd);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'Removed .checkpoint.ckpt.0badcafe.tmp, left by a save that was interrupted',
    );
    expect(result.stdout).toContain('Removed params.json.tmp, left by a save that was interrupted');
    expect(result.stdout).toMatch(
      /events\.jsonl ended with a partial line \(35 bytes, from a crash or a full disk\): removed it/,
    );
    expect(fs.readdirSync(runDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(() => readEvents(runDir)).not.toThrow();
  });

  it('are pointed out in the log: the steps a killed run did after its last checkpoint are done again', async () => {
    const killed = withFlags(args, '--exp_id', 'k', '--max_epoch', '3');
    const run = startCli(killed, cwd);
    await run.waitFor(/^INFO - .* - +30 - /m);
    run.signal('SIGKILL');
    await run.exited;
    const resumed = runCli(killed, cwd);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(
      /Resuming at epoch 1 \/ iteration 20 \.\.\.\n.*The interrupted run went on to step (25|30|35) after this checkpoint, without saving it: that part of the log above is done again below\./,
    );
  });
});
