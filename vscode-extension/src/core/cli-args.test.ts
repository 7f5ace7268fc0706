// Tests of the CLI command lines the extension starts, and of settings resolution (CLI path, dump path).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  evaluateTask,
  newExpId,
  parseOperations,
  rerunTasks,
  resumeTask,
  resumeTasks,
  taskArgs,
  trainTask,
} from './cli-args';
import type { RunInfo } from '../../../framework/src/results/run-discovery';
import { resolveCli, resolveDumpPath } from './settings';

describe('CLI arguments', () => {
  test('train passes only the edited parameters, and the run folder it will write', () => {
    const edits = { rate: '0.25' };
    const task = trainTask({ operation: 'gcd', edits, dumpPath: './dumped', expName: 'gcd', expId: 'r1' });
    expect(taskArgs(task)).toEqual(
      'train --operation gcd --dump_path ./dumped --exp_name gcd --exp_id r1 --rate 0.25'.split(' '),
    );
  });

  test('evaluate reads the run folder; resume repeats the command of params.json', () => {
    expect(taskArgs(evaluateTask('/d/gcd/r1'))).toEqual(['evaluate', '--eval_from_exp', '/d/gcd/r1']);
    const task = resumeTask(`int2int train --operation data --data_types "int[5]:range(5)" --exp_id 'a b'`);
    expect(taskArgs(task)).toEqual([
      'train',
      '--operation',
      'data',
      '--data_types',
      'int[5]:range(5)',
      '--exp_id',
      'a b',
    ]);
    expect(() => resumeTask('int2int evaluate')).toThrow(/not a train command/);
  });

  test('evaluate passes the changed evaluation settings after the run folder', () => {
    expect(taskArgs(evaluateTask('/d/gcd/r1', { beam_size: '4', exp_id: 'e1' }))).toEqual(
      'evaluate --eval_from_exp /d/gcd/r1 --beam_size 4 --exp_id e1'.split(' '),
    );
  });

  test('the task provider offers to resume each train run that neither finished nor is running', () => {
    const run = (expId: string, state: RunInfo['state'], command?: string): RunInfo => ({
      dir: path.join('/d', 'gcd', expId),
      expName: 'gcd',
      expId,
      kind: 'train',
      format: 'int2int',
      state,
      summary: {},
      hasCheckpoint: true,
      params: {},
      command,
      evaluations: [],
    });
    const runs = [
      run('a', 'stopped', 'int2int train --operation gcd --exp_id a'),
      run('b', 'finished', 'int2int train --operation gcd --exp_id b'),
      run('c', 'running', 'int2int train --operation gcd --exp_id c'),
      run('d', 'failed', 'int2int train --operation gcd --exp_id d'),
      run('e', 'stopped'),
      run('f', 'stopped', 'int2int evaluate --eval_from_exp x'),
    ];
    expect(resumeTasks(runs).map(({ name, definition }) => [name, taskArgs(definition).join(' ')])).toEqual([
      ['resume gcd/a', 'train --operation gcd --exp_id a'],
      ['resume gcd/d', 'train --operation gcd --exp_id d'],
    ]);
  });

  test('the task provider offers to train again like each run, as a new run', () => {
    const run: RunInfo = {
      dir: '/d/gcd/a',
      expName: 'gcd',
      expId: 'a',
      kind: 'train',
      format: 'int2int',
      state: 'finished',
      summary: {},
      hasCheckpoint: true,
      params: {},
      command: 'int2int train --operation gcd --exp_id a --base 10',
      evaluations: [],
    };
    const [again] = rerunTasks(
      [run, { ...run, command: 'int2int evaluate --eval_from_exp x' }],
      new Date(2026, 11, 2, 9, 5, 7),
    );
    expect(again.name).toBe('train again like gcd/a');
    expect(taskArgs(again.definition).join(' ')).toBe(
      'train --operation gcd --exp_id 20261202-090507 --base 10',
    );
  });

  test('operations:list --json and run ids', () => {
    expect(parseOperations('[{"name":"gcd","params":[]}]')[0].name).toBe('gcd');
    expect(() => parseOperations('{}')).toThrow(/did not print a list/);
    expect(newExpId(new Date(2026, 10, 28, 9, 5, 7))).toBe('20261128-090507');
  });
});

describe('settings', () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-'));

  test('the CLI: the setting, else the workspace node_modules/.bin, else the PATH', () => {
    expect(resolveCli('', workspace)).toEqual({ command: 'int2int', prefix: [] });
    const local = path.join(workspace, 'node_modules', '.bin', 'int2int');
    fs.mkdirSync(path.dirname(local), { recursive: true });
    fs.writeFileSync(local, '');
    expect(resolveCli('', workspace)).toEqual({ command: local, prefix: [] });
    expect(resolveCli('my-int2int', workspace)).toEqual({ command: 'my-int2int', prefix: [] });
    expect(resolveCli('./tools/run.js', workspace)).toEqual({
      command: 'node',
      prefix: [path.join(workspace, 'tools', 'run.js')],
    });
  });

  test('the dump path is relative to the workspace folder, ./dumped by default', () => {
    expect(resolveDumpPath('', workspace)).toBe(path.join(workspace, 'dumped'));
    expect(resolveDumpPath('/runs', workspace)).toBe('/runs');
  });
});
