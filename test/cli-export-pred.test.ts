// End-to-end: --export_pred true writes, at each evaluation, the table of true and predicted classes (for gcd: which
// gcd the model predicts for each true gcd up to --max_class) to the experiment folder, and shows it in the log.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseScores } from '../framework/src/reporting/scores-line';
import { makeTempDir, runCli, TINY_GCD_RUN, withFlags } from './cli-helpers';

/** The CSV as rows of cells, and its rows by true class. */
function readTable(file: string): { header: string[]; rows: Map<string, number[]> } {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const rows = new Map(
    lines.map((line) => line.split(',')).map(([cls, ...cells]) => [cls, cells.map(Number)]),
  );
  return { header: header.split(','), rows };
}

describe('int2int train --export_pred true', () => {
  const cwd = makeTempDir('export-pred');
  const runDir = path.join(cwd, 'dumped', 'debug', 'table');
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));
  let trained: string;

  it('writes predictions.valid.<epoch>.csv at each evaluation and logs it as a table', () => {
    const result = runCli(
      withFlags(
        TINY_GCD_RUN,
        '--max_epoch',
        '2',
        '--max_class',
        '10',
        '--export_pred',
        'true',
        '--exp_id',
        'table',
      ),
      cwd,
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    trained = result.stdout;
    for (const epoch of [0, 1]) {
      const file = path.join(runDir, `predictions.valid.${epoch}.csv`);
      expect(trained).toContain(
        `Predictions on the valid set by true class (the whole table is in ${file}):`,
      );
      const { header, rows } = readTable(file);
      expect(header[0]).toBe('true\\predicted');
      expect(header.slice(-2)).toEqual(['invalid', 'total']);
      // the classes are the gcd capped at --max_class 10, in increasing order
      const classes = header.slice(1, -2).map(Number);
      expect(classes).toEqual([...classes].sort((a, b) => a - b));
      expect(Math.max(...classes)).toBeLessThanOrEqual(10);
      expect(rows.get('1')).toBeDefined();
      let examples = 0;
      for (const cells of rows.values()) {
        const total = cells.at(-1)!;
        expect(cells.slice(0, -1).reduce((a, b) => a + b, 0)).toBe(total);
        examples += total;
      }
      expect(examples).toBe(64);
    }
    expect(trained).toMatch(/^INFO - .* - {5}class {2}examples {2}correct {2}most frequent predictions$/m);
    // gcd 1 is the most frequent class (about 61% of pairs): its row shows its count and what it is predicted as
    const rowsOfOne = [...trained.matchAll(/^INFO - .* - {4} +1 +(\d+) +(\d+\.\d)% {2}\S+ \(\d+\.\d%\)/gm)];
    expect(rowsOfOne).toHaveLength(2);
    const [, count, correct] = rowsOfOne[1];
    const last = readTable(path.join(runDir, 'predictions.valid.1.csv'));
    const ones = last.rows.get('1')!;
    expect(Number(count)).toBe(ones.at(-1));
    expect(correct).toBe(((100 * ones[last.header.indexOf('1') - 1]) / ones.at(-1)!).toFixed(1));
  });

  it('matches the per-class accuracy of the same evaluation', () => {
    const { header, rows } = readTable(path.join(runDir, 'predictions.valid.1.csv'));
    const scores = [...trained.matchAll(/__log__:(\{.*\})/g)].map((m) => parseScores(m[1]));
    for (const [cls, cells] of rows) {
      const right = cells[header.indexOf(cls) - 1];
      expect(scores[1][`valid_arithmetic_acc_${cls}`]).toBeCloseTo((100 * right) / cells.at(-1)!, 6);
    }
  });

  it('exports the table of an evaluation of a saved model with int2int evaluate', () => {
    const result = runCli(
      [
        'evaluate',
        '--eval_from_exp',
        runDir,
        '--eval_size',
        '32',
        '--exp_id',
        'again',
        '--export_pred',
        'true',
      ],
      cwd,
    );
    expect(result.status).toBe(0);
    const file = path.join(runDir, 'evaluations', 'again', 'predictions.valid.1.csv');
    expect(result.stdout).toContain(`(the whole table is in ${file})`);
    const totals = [...readTable(file).rows.values()].map((cells) => cells.at(-1)!);
    expect(totals.reduce((a, b) => a + b, 0)).toBe(32);
  });

  it('writes no table without it', () => {
    expect(fs.readdirSync(path.join(cwd, 'dumped', 'debug', 'table', 'evaluations', 'again'))).toContain(
      'predictions.valid.1.csv',
    );
    const plain = runCli(withFlags(TINY_GCD_RUN, '--exp_id', 'plain'), cwd);
    expect(plain.status).toBe(0);
    expect(plain.stdout).not.toContain('Predictions on the valid set');
    expect(
      fs.readdirSync(path.join(cwd, 'dumped', 'debug', 'plain')).filter((f) => f.startsWith('predictions')),
    ).toEqual([]);
  });
});
