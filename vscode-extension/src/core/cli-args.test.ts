// Tests of the CLI command lines the extension starts, and of settings resolution (CLI path, dump path).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  changedParams,
  evaluateTask,
  evaluationParams,
  newExpId,
  parseOperations,
  resumeTask,
  resumeTasks,
  taskArgs,
  trainTask,
} from './cli-args';
import type { RunInfo } from './run-discovery';
import { resolveCli, resolveDumpPath } from './settings';

const PARAMS = [
  { name: 'maxint', type: 'int' as const, default: 1000, help: '' },
  { name: 'rate', type: 'float' as const, default: 0.5, help: '' },
  { name: 'mode', type: 'string' as const, default: 'a', help: '', options: ['a', 'b'] },
];

describe('CLI arguments', () => {
  test('train passes only the edited parameters, and the run folder it will write', () => {
    const edits = changedParams(PARAMS, { maxint: '1000', rate: '0.25', mode: 'a' });
    const task = trainTask({ operation: 'gcd', edits, dumpPath: './dumped', expName: 'gcd', expId: 'r1' });
    expect(taskArgs(task)).toEqual(
      'train --operation gcd --dump_path ./dumped --exp_name gcd --exp_id r1 --rate 0.25'.split(' '),
    );
  });

  test('a value that does not fit its type is refused, naming the parameter', () => {
    expect(() => changedParams(PARAMS, { maxint: 'ten' })).toThrow('--maxint must be a number, got "ten"');
    expect(() => changedParams(PARAMS, { maxint: '2.5' })).toThrow(/--maxint must be an integer/);
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

  test("evaluate offers the run's evaluation parameters at their current values, and passes the changed ones", () => {
    const params = evaluationParams({ eval_size: 500, beam_eval: true, eval_data: 3 });
    expect(params.map((p) => [p.name, p.default])).toEqual([
      ['eval_size', 500],
      ['eval_data', ''],
      ['batch_size_eval', 128],
      ['beam_eval', true],
      ['beam_size', 1],
      ['max_output_len', 512],
    ]);
    expect(params.find((p) => p.name === 'beam_eval')?.options).toEqual(['true', 'false']);
    const edits = changedParams(params, { eval_size: '500', beam_size: '4', beam_eval: 'true' });
    expect(taskArgs(evaluateTask('/d/gcd/r1', edits))).toEqual(
      'evaluate --eval_from_exp /d/gcd/r1 --beam_size 4'.split(' '),
    );
    expect(() => changedParams(params, { beam_size: 'wide' })).toThrow('--beam_size must be a number');
  });

  test('the task provider offers to resume each train run that neither finished nor is running', () => {
    const dump = fs.mkdtempSync(path.join(os.tmpdir(), 'runs-'));
    const run = (expId: string, state: RunInfo['state'], command?: string): RunInfo => {
      const dir = path.join(dump, 'gcd', expId);
      fs.mkdirSync(dir, { recursive: true });
      if (command) fs.writeFileSync(path.join(dir, 'params.json'), JSON.stringify({ command, params: {} }));
      return { dir, expName: 'gcd', expId, state, summary: {}, hasCheckpoint: true };
    };
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
