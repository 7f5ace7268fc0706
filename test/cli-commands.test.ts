// End-to-end tests of operations:list, operations:show, generate, and training from the elliptic-curve files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseScores } from '../framework/src/reporting/scores-line';
import { makeTempDir, runCli, SHARED_DATA, sharedDataMissing, TINY_MODEL } from './cli-helpers';

describe('int2int operations', () => {
  const cwd = makeTempDir('operations');

  it('lists the built-in and arithmetic operations, also as JSON', () => {
    const text = runCli(['operations:list'], cwd);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^gcd\s+int2int-arithmetic\s+Greatest common divisor/m);
    const json = runCli(['operations:list', '--json'], cwd);
    const operations = JSON.parse(json.stdout) as Array<{
      name: string;
      params: Array<{ name: string; default: unknown }>;
    }>;
    expect(operations.map((o) => o.name).sort()).toEqual([
      'data',
      'fraction_add',
      'fraction_compare',
      'fraction_determinant',
      'fraction_product',
      'fraction_round',
      'fraction_simplify',
      'gcd',
      'matrix_rank',
      'modular_add',
      'modular_mul',
    ]);
    const modularAdd = operations.find((o) => o.name === 'modular_add')!;
    expect(modularAdd.params).toContainEqual(expect.objectContaining({ name: 'modulus', default: 67 }));
  });

  it('shows an operation: parameters with defaults, tokenizers, five sample lines', () => {
    const result = runCli(['operations:show', 'gcd'], cwd);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/--maxint\s+int\s+default 1000000/);
    expect(result.stdout).toContain('vocabulary of 1019 words');
    const samples = result.stdout.split('\n').filter((line) => /^V2 \+ .*\t\+ \d+/.test(line));
    expect(samples).toHaveLength(5);
    const unknown = runCli(['operations:show', 'modular_ad'], cwd);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Did you mean "modular_add"');
  });
});

describe('int2int generate', () => {
  it('writes disjoint, deduplicated train/valid/test files that int2int train reads', () => {
    const cwd = makeTempDir('generate');
    const args = [
      'generate',
      '--operation',
      'modular_add',
      '--modulus',
      '7',
      '--maxint',
      '50',
      '--count',
      '3000',
    ];
    const result = runCli([...args, '--valid_size', '100', '--test_size', '100', '--output', 'out'], cwd);
    expect(result.status).toBe(0);
    const read = (split: string) =>
      fs
        .readFileSync(path.join(cwd, 'out', `data.${split}`), 'utf8')
        .trim()
        .split('\n');
    const [train, valid, test] = ['train', 'valid', 'test'].map(read);
    expect(valid).toHaveLength(100);
    expect(test).toHaveLength(100);
    const all = [...train, ...valid, ...test];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeLessThanOrEqual(50 * 50);
    expect(valid[0]).toMatch(/^V2 \+ \d+ \+ \d+\t\+ [0-6]$/);
    const trained = runCli(
      [
        'train',
        '--operation',
        'modular_add',
        '--modulus',
        '7',
        '--maxint',
        '50',
        '--train_data',
        'out/data.train',
        '--eval_data',
        'out/data.valid,out/data.test',
        ...TINY_MODEL,
        '--epoch_size',
        '64',
        '--max_epoch',
        '1',
        '--max_output_len',
        '3',
        '--num_workers',
        '0',
      ],
      cwd,
    );
    expect(trained.status).toBe(0);
    expect(trained.stdout).toMatch(/"valid_arithmetic_acc":[\d.]+.*"test_arithmetic_acc":[\d.]+/);
  });

  it('takes --seed as the generator seed: --env_base_seed under the name dataset tools use', () => {
    const cwd = makeTempDir('generate');
    const sizes = ['--count', '300', '--valid_size', '20', '--test_size', '20'];
    const generate = (output: string, ...seed: string[]) =>
      runCli(['generate', '--operation', 'gcd', ...sizes, '--output', output, ...seed], cwd);
    const read = (output: string) => fs.readFileSync(path.join(cwd, output, 'data.train'), 'utf8');
    expect(generate('seed-5', '--seed', '5').status).toBe(0);
    expect(generate('env-5', '--env_base_seed', '5').status).toBe(0);
    expect(generate('seed-6', '--seed', '6').status).toBe(0);
    expect(read('seed-5')).toBe(read('env-5'));
    expect(read('seed-5')).not.toBe(read('seed-6'));
    const both = generate('both', '--seed', '5', '--env_base_seed', '5');
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/^Error: --seed and --env_base_seed are the same setting/);
  });

  it('refuses an unknown operation parameter, suggesting the closest', () => {
    const result = runCli(
      ['generate', '--operation', 'gcd', '--count', '10', '--maxnt', '5'],
      makeTempDir('generate'),
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/maxnt.*maxint/);
  });
});

describe('the elliptic-curve rank example of the manual (§2.2)', () => {
  const rankTrain = path.join(SHARED_DATA, 'rank.train.gz');
  const rankTest = path.join(SHARED_DATA, 'rank.test.gz');
  const missing = sharedDataMissing();
  if (missing) console.warn(`Skipping the elliptic-curve rank example: ${missing.reason}`);
  const run = missing?.fail === false ? it.skip : it;

  run('trains from the .gz files (no V5 prefix) and reports per-rank accuracy', () => {
    const cwd = makeTempDir('elliptic');
    const result = runCli(
      [
        'train',
        '--operation',
        'data',
        '--data_types',
        'int[5]:range(5)',
        '--train_data',
        rankTrain,
        '--eval_data',
        rankTest,
        '--reload_size',
        '20000',
        '--eval_data_size',
        '300',
        ...TINY_MODEL,
        '--epoch_size',
        '320',
        '--max_epoch',
        '1',
        '--max_output_len',
        '3',
        '--exp_name',
        'my_second_experiment',
        '--exp_id',
        '1',
        '--num_workers',
        '0',
      ],
      cwd,
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Loaded 20000 training examples');
    expect(result.stdout).toContain('Loaded 300 evaluation examples');
    const scores = parseScores(/__log__:(\{.*\})/.exec(result.stdout)![1]);
    for (const rank of [0, 1, 2]) expect(typeof scores[`valid_arithmetic_acc_${rank}`]).toBe('number');
    expect(fs.existsSync(path.join(cwd, 'dumped', 'my_second_experiment', '1', 'checkpoint.ckpt'))).toBe(
      true,
    );
  });
});
