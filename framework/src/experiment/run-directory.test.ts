// Tests for resolveRunDir (dump_path/exp_name/exp_id, as Int2Int's get_dump_path) and params.json.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PARAMS_FILE, randomExpId, resolveRunDir, writeParamsFile } from './run-directory';

const core = (values: Record<string, string | boolean>) => ({
  dump_path: '',
  exp_name: 'debug',
  exp_id: '',
  debug: false,
  ...values,
});
const CWD = '/work/project';

describe('resolveRunDir', () => {
  it('puts runs under <cwd>/dumped when dump_path is empty', () => {
    expect(resolveRunDir(core({ exp_name: 'gcd', exp_id: 'run1' }), CWD)).toEqual({
      runDir: '/work/project/dumped/gcd/run1',
      expName: 'gcd',
      expId: 'run1',
    });
  });

  it('resolves relative and absolute dump paths, and expands ~', () => {
    const ids = { exp_name: 'e', exp_id: 'i' };
    expect(resolveRunDir(core({ ...ids, dump_path: 'runs/x' }), CWD).runDir).toBe('/work/project/runs/x/e/i');
    expect(resolveRunDir(core({ ...ids, dump_path: '../out' }), CWD).runDir).toBe('/work/out/e/i');
    expect(resolveRunDir(core({ ...ids, dump_path: '/data/dump' }), CWD).runDir).toBe('/data/dump/e/i');
    expect(resolveRunDir(core({ ...ids, dump_path: '~/dumped' }), CWD).runDir).toBe(
      join(homedir(), 'dumped', 'e', 'i'),
    );
    expect(resolveRunDir(core({ ...ids, dump_path: '~' }), CWD).runDir).toBe(join(homedir(), 'e', 'i'));
    expect(resolveRunDir(core({ ...ids, dump_path: '~other' }), CWD).runDir).toBe('/work/project/~other/e/i');
  });

  it('draws a random 10-character id when exp_id is empty', () => {
    const a = resolveRunDir(core({ exp_name: 'gcd' }), CWD);
    const b = resolveRunDir(core({ exp_name: 'gcd' }), CWD);
    expect(a.expId).toMatch(/^[a-z0-9]{10}$/);
    expect(a.runDir).toBe(`/work/project/dumped/gcd/${a.expId}`);
    expect(a.expId).not.toBe(b.expId);
    for (let i = 0; i < 20; i++) expect(randomExpId()).toMatch(/^[a-z0-9]{10}$/);
  });

  it('uses debug/debug_<8 digits> in debug mode, whatever exp_name says', () => {
    const { expName, expId, runDir } = resolveRunDir(core({ debug: true, exp_name: 'gcd' }), CWD);
    expect(expName).toBe('debug');
    expect(expId).toMatch(/^debug_\d{8}$/);
    expect(runDir).toBe(`/work/project/dumped/debug/${expId}`);
    expect(resolveRunDir(core({ debug: true, exp_id: 'mine' }), CWD).expId).toBe('mine');
  });

  it('rejects names that are not plain folder names', () => {
    expect(() => resolveRunDir(core({ exp_name: 'a/b', exp_id: 'x' }), CWD)).toThrow(
      '--exp_name "a/b" must be a plain folder name (no slashes)',
    );
    expect(() => resolveRunDir(core({ exp_name: 'a\\b', exp_id: 'x' }), CWD)).toThrow('--exp_name');
    expect(() => resolveRunDir(core({ exp_name: '..', exp_id: 'x' }), CWD)).toThrow('--exp_name ".."');
    expect(() => resolveRunDir(core({ exp_name: '', exp_id: 'x' }), CWD)).toThrow('--exp_name ""');
    expect(() => resolveRunDir(core({ exp_name: 'gcd', exp_id: '../x' }), CWD)).toThrow(
      '--exp_id "../x" must be a plain folder name',
    );
    expect(() => resolveRunDir(core({ exp_name: 'gcd', exp_id: '.' }), CWD)).toThrow('--exp_id "."');
  });
});

describe('writeParamsFile', () => {
  it('writes params.json atomically, replacing an earlier one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'int2int-rundir-'));
    try {
      const content = { operation: 'gcd', command: 'int2int train', params: { a: 1 }, operationParams: {} };
      writeParamsFile(dir, content);
      writeParamsFile(dir, { ...content, params: { a: 2 } });
      expect(readdirSync(dir)).toEqual([PARAMS_FILE]);
      const text = readFileSync(join(dir, PARAMS_FILE), 'utf8');
      expect(text.endsWith('}\n')).toBe(true);
      expect(JSON.parse(text)).toEqual({ ...content, params: { a: 2 } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
