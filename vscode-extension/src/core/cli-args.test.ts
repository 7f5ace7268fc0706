// Tests of the CLI command lines the extension starts, and of settings resolution (CLI path, dump path).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  changedParams,
  evaluateTask,
  newExpId,
  parseOperations,
  resumeTask,
  taskArgs,
  trainTask,
} from './cli-args';
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
