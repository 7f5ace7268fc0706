// A real learning check: a small transformer learns single-digit addition modulo 10 far above chance (10%).
import { makeTempDir, readEvents, runCli } from './cli-helpers';
import { parseScores } from '../framework/src/reporting/scores-line';
import * as path from 'node:path';

it('learns modular_add (modulus 10, digits 0..9) to well above chance in 600 steps', () => {
  const cwd = makeTempDir('learning');
  const result = runCli(
    [
      'train',
      '--operation',
      'modular_add',
      '--modulus',
      '10',
      '--minint',
      '0',
      '--maxint',
      '9',
      '--base',
      '10',
      '--enc_emb_dim',
      '64',
      '--dec_emb_dim',
      '64',
      '--n_enc_layers',
      '1',
      '--n_dec_layers',
      '1',
      '--n_enc_heads',
      '4',
      '--n_dec_heads',
      '4',
      '--optimizer',
      'adam,lr=1e-3',
      '--epoch_size',
      '19200',
      '--max_epoch',
      '1',
      '--eval_size',
      '500',
      '--max_output_len',
      '4',
      '--num_workers',
      '0',
      '--env_base_seed',
      '0',
      '--report_loss_every',
      '100',
      '--exp_id',
      'learn',
    ],
    cwd,
  );
  expect(result.status).toBe(0);
  const losses = readEvents(path.join(cwd, 'dumped', 'debug', 'learn'))
    .filter((e) => e.type === 'train_stats')
    .map((e) => e.loss as number);
  expect(losses).toHaveLength(6);
  expect(losses[5]).toBeLessThan(losses[0] / 2);
  const scores = parseScores(/__log__:(\{.*\})/.exec(result.stdout)![1]);
  expect(scores.valid_arithmetic_acc).toBeGreaterThan(90);
});
