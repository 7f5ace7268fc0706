// Each of the manual's other models (§3.6) learns single-digit addition modulo 10 far above chance (10%) in a
// short run, as a user trains it from the command line: encoder only, decoder only, shared gated layers, ACT, LSTM
// and GRU.
import * as path from 'node:path';
import { parseScores } from '../framework/src/reporting/scores-line';
import { makeTempDir, readEvents, runCli } from './cli-helpers';

const SMALL_RUN = [
  ...['--operation', 'modular_add', '--modulus', '10', '--minint', '0', '--maxint', '9', '--base', '10'],
  ...['--enc_emb_dim', '64', '--dec_emb_dim', '64', '--n_enc_layers', '1', '--n_dec_layers', '1'],
  ...['--n_enc_heads', '4', '--n_dec_heads', '4', '--optimizer', 'adam,lr=1e-3', '--epoch_size', '19200'],
  ...['--eval_size', '500', '--max_output_len', '4', '--num_workers', '0'],
  ...['--env_base_seed', '0', '--report_loss_every', '100'],
];

/** The last __log__ line's scores. */
function scoresOf(stdout: string): Record<string, number> {
  const lines = [...stdout.matchAll(/__log__:(\{.*\})/g)];
  return parseScores(lines[lines.length - 1][1]);
}

function train(cwd: string, id: string, flags: string[], epochs = 1) {
  // the flags given replace those of SMALL_RUN
  const given = new Set(flags.filter((arg) => arg.startsWith('--')));
  const base = SMALL_RUN.filter((arg, i) => !given.has(arg) && !given.has(SMALL_RUN[i - 1]));
  const result = runCli(['train', ...base, ...flags, '--max_epoch', String(epochs), '--exp_id', id], cwd);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result;
}

const cwd = makeTempDir('architectures');

it('encoder_only (BERT-like) learns, and prints only the encoder', () => {
  const result = train(cwd, 'encoder-only', ['--architecture', 'encoder_only']);
  expect(result.stdout).toContain('Number of parameters (encoder): ');
  expect(result.stdout).not.toContain('Number of parameters (decoder)');
  expect(scoresOf(result.stdout).valid_arithmetic_acc).toBeGreaterThan(90);
});

it('decoder_only (GPT-like) learns, and its saved model evaluates with beam search', () => {
  const result = train(cwd, 'decoder-only', ['--architecture', 'decoder_only', '--n_dec_layers', '2']);
  expect(result.stdout).toContain('Number of parameters (decoder): ');
  expect(result.stdout).not.toContain('Number of parameters (encoder)');
  expect(scoresOf(result.stdout).valid_arithmetic_acc).toBeGreaterThan(40);
  const evaluation = runCli(
    [
      'evaluate',
      '--eval_from_exp',
      path.join('dumped', 'debug', 'decoder-only'),
      '--eval_size',
      '200',
    ].concat(['--beam_eval', 'true', '--beam_size', '3']),
    cwd,
  );
  expect(evaluation.status).toBe(0);
  expect(scoresOf(evaluation.stdout).valid_arithmetic_beam_acc).toBeGreaterThan(40);
});

it('shared layers with copy-gates learn (a looped encoder and decoder layer)', () => {
  const flags = [
    '--enc_loop_idx',
    '0',
    '--enc_loops',
    '3',
    '--dec_loop_idx',
    '0',
    '--dec_loops',
    '2',
    '--gated',
    'true',
  ];
  const result = train(cwd, 'looped', flags);
  expect(scoresOf(result.stdout).valid_arithmetic_acc).toBeGreaterThan(90);
});

it('ACT learns, logs its mean passes, and resumes from its checkpoint', () => {
  const flags = ['--enc_act', 'true', '--enc_loop_idx', '0', '--enc_loops', '3'];
  const first = train(cwd, 'act', flags);
  expect(first.stdout).toMatch(/ARITHMETIC: +[\d.]+ - LR: 1\.0000e-03 - ACT passes: encoder [1-3]\.\d\d/);
  const stats = readEvents(path.join(cwd, 'dumped', 'debug', 'act')).filter((e) => e.type === 'train_stats');
  expect(stats[0].actPasses).toEqual({ encoder: expect.any(Number) as unknown });
  expect(scoresOf(first.stdout).valid_arithmetic_acc).toBeGreaterThan(90);
  const resumed = train(cwd, 'act', flags, 2);
  expect(resumed.stdout).toContain('Resuming');
  expect(scoresOf(resumed.stdout).epoch).toBe(1);
});

it('the LSTM seq2seq learns, and its saved model evaluates greedily and with beam search', () => {
  const result = train(cwd, 'lstm', ['--lstm', 'true', '--lstm_hidden_dim', '64']);
  expect(result.stdout).toContain('Number of parameters (encoder): 39424');
  expect(scoresOf(result.stdout).valid_arithmetic_acc).toBeGreaterThan(90);
  const evaluation = runCli(
    ['evaluate', '--eval_from_exp', path.join('dumped', 'debug', 'lstm'), '--eval_size', '200'].concat([
      '--beam_eval',
      'true',
      '--beam_size',
      '3',
    ]),
    cwd,
  );
  expect(evaluation.status).toBe(0);
  expect(scoresOf(evaluation.stdout).valid_arithmetic_acc).toBeGreaterThan(90);
  expect(scoresOf(evaluation.stdout).valid_arithmetic_beam_acc).toBeGreaterThan(90);
});

it('the bidirectional GRU seq2seq learns', () => {
  const flags = ['--lstm', 'true', '--GRU', 'true', '--bidirectional', 'true', '--lstm_hidden_dim', '64'];
  const result = train(cwd, 'gru', flags);
  expect(scoresOf(result.stdout).valid_arithmetic_acc).toBeGreaterThan(90);
});

it('a wide LSTM on GCD (--lstm_hidden_dim 1024, the default model otherwise) evaluates greedily and with beams', () => {
  // an untrained model may never end its output: --max_output_len bounds its decoding (the default, 512, takes minutes)
  const flags = [
    '--operation',
    'gcd',
    '--lstm',
    'true',
    '--lstm_hidden_dim',
    '1024',
    '--max_output_len',
    '16',
  ];
  const budget = ['--epoch_size', '64', '--eval_size', '32', '--max_epoch', '1'];
  const trained = runCli(['train', ...flags, ...budget, '--exp_id', 'gcd-lstm'], cwd);
  expect(trained.stderr).toBe('');
  expect(trained.status).toBe(0);
  expect(trained.stdout).toContain('Number of parameters (encoder): 30965248');
  expect(trained.stdout).toMatch(/\d+\/32 \([\d.]+%\) examples were evaluated correctly/);
  const evaluation = runCli(
    ['evaluate', '--eval_from_exp', path.join('dumped', 'debug', 'gcd-lstm'), '--eval_size', '32'].concat([
      '--beam_eval',
      'true',
      '--beam_size',
      '2',
    ]),
    cwd,
  );
  expect(evaluation.stderr).toBe('');
  expect(evaluation.status).toBe(0);
  expect(scoresOf(evaluation.stdout)).toMatchObject({
    valid_arithmetic_acc: expect.any(Number) as unknown,
    valid_arithmetic_beam_acc: expect.any(Number) as unknown,
  });
});
