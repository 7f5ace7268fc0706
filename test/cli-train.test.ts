// End-to-end tests of `int2int train` / `evaluate`: run folder, logs, events, resume, seeds, and errors on bad input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCheckpoint } from '../framework/src/checkpoints/checkpoint-file';
import { parseScores } from '../framework/src/reporting/scores-line';
import { makeTempDir, readEvents, runCli, runCliUntil, TINY_MODEL } from './cli-helpers';

const GCD_RUN = [
  'train',
  '--operation',
  'gcd',
  ...TINY_MODEL,
  '--epoch_size',
  '320',
  '--eval_size',
  '100',
  '--max_output_len',
  '4',
  '--report_loss_every',
  '5',
  '--num_workers',
  '0',
  '--env_base_seed',
  '3',
];

/** The keys the original Int2Int writes first in a greedy evaluation of gcd (the per-class accuracies follow). */
const GREEDY_KEYS = [
  'epoch',
  'valid_arithmetic_xe_loss',
  'valid_arithmetic_acc',
  'valid_arithmetic_perfect',
  'valid_arithmetic_correct',
  'valid_arithmetic_acc_d1',
  'valid_arithmetic_acc_d2',
  'valid_arithmetic_acc_d3',
];

function scoresOf(stdout: string): Array<Record<string, number>> {
  return [...stdout.matchAll(/__log__:(\{.*\})/g)].map((m) => parseScores(m[1]));
}

function lossesOf(runDir: string): number[] {
  return readEvents(runDir)
    .filter((e) => e.type === 'train_stats')
    .map((e) => e.loss as number);
}

describe('int2int train', () => {
  const cwd = makeTempDir('train');
  const runDir = path.join(cwd, 'dumped', 'debug', 'first');

  it('trains, evaluates and writes the experiment folder', () => {
    const result = runCli([...GCD_RUN, '--max_epoch', '2', '--exp_id', 'first'], cwd);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /INFO - \d\d\/\d\d\/\d\d \d\d:\d\d:\d\d - \d+:\d\d:\d\d -\s+5 - +[\d.]+ examples\/s - +[\d.]+ words\/s - ARITHMETIC: +[\d.]+ - LR: 1\.0000e-04/,
    );
    expect(result.stdout).toMatch(/Number of parameters \(encoder\): \d+/);
    expect(result.stdout).toMatch(/Backend: (native \(OpenBLAS|wasm \(WebAssembly)/);
    expect(result.stdout).toMatch(/\(100\/100\) Found \d+\/36 valid top-1 predictions/);
    expect(result.stdout).toMatch(/\d+\/100 \(\d+\.\d\d%\) examples were evaluated correctly\./);
    const scores = scoresOf(result.stdout);
    expect(scores.map((s) => s.epoch)).toEqual([0, 1]);
    // the original's keys, in its order, then one per class
    const keys = Object.keys(scores[1]);
    expect(keys.slice(0, GREEDY_KEYS.length)).toEqual(GREEDY_KEYS);
    expect(keys).toContain('valid_arithmetic_acc_1');
    for (const key of keys.slice(GREEDY_KEYS.length)) expect(key).toMatch(/^valid_arithmetic_acc_\d+$/);
    for (const value of Object.values(scores[1])) expect(typeof value).toBe('number');
    for (const file of ['params.json', 'train.log', 'events.jsonl', 'checkpoint.ckpt']) {
      expect(fs.existsSync(path.join(runDir, file))).toBe(true);
    }
    const params = JSON.parse(fs.readFileSync(path.join(runDir, 'params.json'), 'utf8')) as {
      operation: string;
    };
    expect(params.operation).toBe('gcd');
    const types = new Set(readEvents(runDir).map((e) => e.type));
    expect([...types].sort()).toEqual([
      'checkpoint',
      'evaluation',
      'log',
      'run_end',
      'run_start',
      'train_stats',
    ]);
    const checkpoint = loadCheckpoint(path.join(runDir, 'checkpoint.ckpt'));
    expect(checkpoint.epoch).toBe(1);
    expect(checkpoint.nTotalIter).toBe(40);
    expect(checkpoint.vocabulary).toHaveLength(1019);
    expect(checkpoint.params.enc_emb_dim).toBe(32);
  });

  it('resumes an existing experiment where it stopped, with the same command', () => {
    const result = runCli([...GCD_RUN, '--max_epoch', '3', '--exp_id', 'first'], cwd);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Checkpoint reloaded. Resuming at epoch 2 / iteration 40 ...');
    expect(scoresOf(result.stdout).map((s) => s.epoch)).toEqual([2]);
    expect(loadCheckpoint(path.join(runDir, 'checkpoint.ckpt')).epoch).toBe(2);
  });

  it('gives the same losses for the same seed, with generation in worker threads', () => {
    const withWorkers = GCD_RUN.map((arg, i) => (GCD_RUN[i - 1] === '--num_workers' ? '3' : arg));
    runCli([...withWorkers, '--max_epoch', '1', '--exp_id', 'seed-a'], cwd);
    runCli([...withWorkers, '--max_epoch', '1', '--exp_id', 'seed-b'], cwd);
    const otherSeed = GCD_RUN.map((arg, i) => (GCD_RUN[i - 1] === '--env_base_seed' ? '4' : arg));
    runCli([...otherSeed, '--max_epoch', '1', '--exp_id', 'seed-c'], cwd);
    const a = lossesOf(path.join(cwd, 'dumped', 'debug', 'seed-a'));
    expect(a).toHaveLength(4);
    expect(lossesOf(path.join(cwd, 'dumped', 'debug', 'seed-b'))).toEqual(a);
    expect(lossesOf(path.join(cwd, 'dumped', 'debug', 'seed-c'))).not.toEqual(a);
  });

  it('survives a kill at any moment: the last checkpoint loads and the same command resumes', async () => {
    const args = [...GCD_RUN, '--max_epoch', '3', '--exp_id', 'killed'];
    const killedDir = path.join(cwd, 'dumped', 'debug', 'killed');
    await runCliUntil(args, cwd, /Saving checkpoint[\s\S]*Starting epoch 1/);
    expect(loadCheckpoint(path.join(killedDir, 'checkpoint.ckpt')).epoch).toBe(0);
    expect(fs.readdirSync(killedDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const resumed = runCli(args, cwd);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain('Resuming at epoch 1 / iteration 20');
    expect(loadCheckpoint(path.join(killedDir, 'checkpoint.ckpt')).epoch).toBe(2);
  });

  it("accepts the manual's --fp16 true --amp 1 and says they have no effect", () => {
    const result = runCli(
      [...GCD_RUN, '--max_epoch', '1', '--fp16', 'true', '--amp', '1', '--exp_id', 'fp16'],
      cwd,
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--fp16 true: no effect: every int2int backend computes in float32');
    expect(result.stdout).toContain('--amp 1: no effect: every int2int backend computes in float32');
  });

  it('evaluates a saved model with int2int evaluate', () => {
    const result = runCli(
      [
        'evaluate',
        '--eval_from_exp',
        runDir,
        '--eval_size',
        '64',
        '--exp_id',
        'eval1',
        '--eval_verbose',
        '1',
      ],
      cwd,
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Reloaded model weights from');
    expect(result.stdout).toMatch(/valid_arithmetic_acc -> \d+\.\d{6}/);
    expect(fs.existsSync(path.join(runDir, 'evaluations', 'eval1', 'train.log'))).toBe(true);
    const predictions = fs.readFileSync(
      path.join(runDir, 'evaluations', 'eval1', 'eval.valid.arithmetic.2'),
      'utf8',
    );
    expect(predictions.match(/^Equation \d+ \([01]\/1\)\nsrc=V2 .*\ntgt=\+ .*\n[01] .*\n$/gm)).toHaveLength(
      64,
    );
    const nothing = runCli(['evaluate', '--eval_size', '64'], cwd);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toContain('int2int evaluate needs --eval_from_exp DIR or --reload_model FILE');
  });

  it('evaluates with beam search: acc from the best hypothesis, beam_acc from any of them', () => {
    const result = runCli(
      [
        'evaluate',
        '--reload_model',
        path.join(runDir, 'checkpoint.ckpt'),
        '--eval_size',
        '64',
        '--beam_eval',
        'true',
        '--beam_size',
        '3',
        '--exp_id',
        'beam',
      ],
      cwd,
    );
    expect(result.status).toBe(0);
    const scores = scoresOf(result.stdout)[0];
    expect(scores.valid_arithmetic_beam_acc).toBeGreaterThanOrEqual(scores.valid_arithmetic_acc);
    // the greedy keys (of the best hypothesis), the original's beam keys, then per class acc_ and beam_acc_
    const keys = Object.keys(scores);
    const beamKeys = ['', '_d1', '_d2', '_d3'].map((suffix) => `valid_arithmetic_beam_acc${suffix}`);
    expect(keys.slice(0, GREEDY_KEYS.length + beamKeys.length)).toEqual([...GREEDY_KEYS, ...beamKeys]);
    const classKeys = keys.slice(GREEDY_KEYS.length + beamKeys.length);
    const classes = classKeys
      .filter((key) => key.startsWith('valid_arithmetic_acc_'))
      .map((key) => key.slice('valid_arithmetic_acc_'.length));
    expect(classes.length).toBeGreaterThan(0);
    expect(classKeys).toEqual([
      ...classes.map((cls) => `valid_arithmetic_acc_${cls}`),
      ...classes.map((cls) => `valid_arithmetic_beam_acc_${cls}`),
    ]);
    for (const cls of classes) {
      expect(scores[`valid_arithmetic_beam_acc_${cls}`]).toBeGreaterThanOrEqual(
        scores[`valid_arithmetic_acc_${cls}`],
      );
    }
    expect(result.stdout).toMatch(/Found \d+\/64 solutions in beam hypotheses/);
  });

  it('refuses a truncated or foreign checkpoint with a clear error', () => {
    const broken = path.join(cwd, 'broken.ckpt');
    const bytes = fs.readFileSync(path.join(runDir, 'checkpoint.ckpt'));
    fs.writeFileSync(broken, bytes.subarray(0, bytes.length - 1000));
    const truncated = runCli(['evaluate', '--reload_model', broken], cwd);
    expect(truncated.status).toBe(1);
    expect(truncated.stderr).toMatch(/broken\.ckpt is truncated or corrupted/);
    const foreign = path.join(cwd, 'model.pth');
    fs.writeFileSync(foreign, 'PK\u0003\u0004 not a checkpoint');
    const wrong = runCli(['evaluate', '--reload_model', foreign], cwd);
    expect(wrong.stderr).toMatch(/model\.pth is not an int2int checkpoint/);
  });
});

describe('int2int train: checkpoints, stopping and export', () => {
  const cwd = makeTempDir('options');

  it('keeps best and periodic checkpoints and stops on the stopping criterion', () => {
    const result = runCli(
      [
        ...GCD_RUN,
        '--max_epoch',
        '12',
        '--exp_id',
        'best',
        '--save_periodic',
        '2',
        '--validation_metrics',
        'valid_arithmetic_acc,_valid_arithmetic_xe_loss',
        '--stopping_criterion',
        '_valid_arithmetic_xe_loss,0',
        '--optimizer',
        'adam,lr=0.5',
      ],
      cwd,
    );
    expect(result.status).toBe(0);
    const runDir = path.join(cwd, 'dumped', 'debug', 'best');
    const files = fs.readdirSync(runDir);
    expect(files).toEqual(
      expect.arrayContaining([
        'best-valid_arithmetic_acc.ckpt',
        'best-valid_arithmetic_xe_loss.ckpt',
        'checkpoint-0.ckpt',
      ]),
    );
    expect(result.stdout).toMatch(/New best score for valid_arithmetic_xe_loss: \d+\.\d{6}/);
    // lr 0.5 makes the loss stall early; the run stops after the first epoch that does not improve on the best
    const losses = scoresOf(result.stdout).map((s) => s.valid_arithmetic_xe_loss);
    const firstWorse = losses.findIndex((loss, i) => i > 0 && loss >= Math.min(...losses.slice(0, i)));
    expect(firstWorse).toBeGreaterThan(0);
    expect(losses).toHaveLength(firstWorse + 1);
    expect(result.stdout).toContain('Not a better validation score (1 / 0).');
    expect(result.stdout).toContain(
      'Stopping criterion has been below its best value for more than 0 epochs.',
    );
    const periodic = losses
      .map((_, epoch) => `checkpoint-${epoch}.ckpt`)
      .filter((_, epoch) => epoch % 2 === 0);
    expect(files).toEqual(expect.arrayContaining(periodic));
    expect(loadCheckpoint(path.join(runDir, 'checkpoint.ckpt')).epoch).toBe(firstWorse);
  });

  it('writes generated examples to data.prefix with --export_data true', () => {
    const result = runCli(
      [
        'train',
        '--operation',
        'gcd',
        '--export_data',
        'true',
        '--epoch_size',
        '100',
        '--max_epoch',
        '2',
        '--exp_id',
        'export',
        '--num_workers',
        '0',
      ],
      cwd,
    );
    expect(result.status).toBe(0);
    const lines = fs
      .readFileSync(path.join(cwd, 'dumped', 'debug', 'export', 'data.prefix'), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(256);
    for (const line of lines) expect(line).toMatch(/^V2 \+ [\d ]+ \+ [\d ]+\t\+ [\d ]+$/);
    expect(result.stdout).toContain('__log__:{"epoch":1,"total":128}');
  });
});

describe('int2int train: bad input', () => {
  const cwd = makeTempDir('errors');

  it.each([
    [['--operation', 'gcd', '--batchsize', '8'], /Unknown setting --batchsize\. Did you mean --batch_size\?/],
    [['--operation', 'gdc'], /Unknown operation "gdc"\. Did you mean "gcd"\?/],
    [
      ['--operation', 'gcd', '--modulus', '7'],
      /--modulus is not a parameter of operation gcd; it belongs to modular_add, modular_mul/,
    ],
    [
      ['--operation', 'gcd', '--local_gpu', '0'],
      /--local_gpu is a parameter of Int2Int that int2int does not implement yet/,
    ],
    [
      ['--operation', 'gcd', '--lstm', 'true', '--architecture', 'decoder_only'],
      /--lstm true builds a recurrent encoder-decoder and cannot be combined with --architecture decoder_only/,
    ],
    [['--operation', 'gcd', '--GRU', 'true'], /--GRU true sets up the recurrent model: add --lstm true/],
    [
      ['--operation', 'gcd', '--lstm', 'true', '--n_dec_layers', '2'],
      /--lstm true needs --n_enc_layers \(4\) and --n_dec_layers \(2\) to be equal/,
    ],
    [
      ['--operation', 'gcd', '--cpu'],
      /--cpu needs a value\. Booleans are not switches in Int2Int: write --cpu true or --cpu false/,
    ],
    [['--operation', 'gcd', '--batch_size', 'big'], /--batch_size must be an integer, got "big"/],
    [
      ['--operation', 'gcd', '--enc_act', 'true'],
      /--enc_act true halts the passes through one shared layer: set --enc_loop_idx to a layer index/,
    ],
    [
      ['--operation', 'gcd', '--architecture', 'encoder_only', '--dec_loop_idx', '1'],
      /--dec_loop_idx 1 has no effect with --architecture encoder_only, which has no decoder: use --enc_loop_idx/,
    ],
    [
      ['--operation', 'gcd', '--architecture', 'decoder_only', '--n_dec_heads', '3'],
      /--dec_emb_dim \(256\) must be a multiple of --n_dec_heads \(3\)/,
    ],
    [['--operation', 'gcd', '--architecture', 'gpt'], /--architecture/],
    [['--operation', 'data'], /--operation data needs --data_types/],
  ])('%j is refused with a message naming the problem', (args, message) => {
    const result = runCli(['train', ...args], cwd);
    expect(result.status).toBe(args.includes('data') ? 1 : 2);
    expect(result.stderr).toMatch(message);
  });

  it('stops on a malformed data line with file:line and what was expected', () => {
    const file = path.join(cwd, 'bad.train');
    fs.writeFileSync(file, '+ 1 + 0 + 1 + 1 - 28\t0\n+ 1 + 0 + 1 + 1 - 28 1\n');
    const result = runCli(
      [
        'train',
        '--operation',
        'data',
        '--data_types',
        'int[5]:range(5)',
        '--train_data',
        file,
        ...TINY_MODEL,
      ],
      cwd,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${file}:2: expected INPUT<TAB>OUTPUT`);
  });

  it('reads settings from a config file, with command-line flags taking precedence', () => {
    const dir = makeTempDir('config');
    fs.writeFileSync(
      path.join(dir, 'int2int.config.json'),
      JSON.stringify({ operation: 'gcd', exp_id: 'cfg', batch_size: 8 }),
    );
    const flags = [
      '--epoch_size',
      '16',
      '--max_epoch',
      '1',
      '--eval_size',
      '8',
      '--max_output_len',
      '3',
      '--num_workers',
      '0',
    ];
    const result = runCli(
      [
        'train',
        ...flags,
        '--batch_size',
        '4',
        '--enc_emb_dim',
        '16',
        '--dec_emb_dim',
        '16',
        '--n_enc_layers',
        '1',
        '--n_dec_layers',
        '1',
      ],
      dir,
    );
    expect(result.status).toBe(0);
    const params = JSON.parse(
      fs.readFileSync(path.join(dir, 'dumped', 'debug', 'cfg', 'params.json'), 'utf8'),
    ) as { params: Record<string, unknown> };
    expect(params.params.batch_size).toBe(4);
    fs.writeFileSync(
      path.join(dir, 'int2int.config.json'),
      JSON.stringify({ operation: 'gcd', epoch_sise: 8 }),
    );
    const bad = runCli(['train'], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(
      /Unknown setting epoch_sise in .*int2int\.config\.json\. Did you mean --epoch_size\?/,
    );
  });
});
