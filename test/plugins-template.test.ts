// End-to-end: `int2int plugins:new` renders the plugin template; the result is formatted, builds with tsc, passes its
// own jest test, links into int2int (plugins:link) and trains; `operations:new` adds a second operation to it.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, runCli, TINY_MODEL } from './cli-helpers';
import { isolatedCliEnv, JEST, NODE_MODULES, PRETTIER, ROOT, TSC } from './plugin-helpers';
import { readDocFiles } from './docs/doc-blocks';

const run = (file: string, args: string[], cwd: string): string =>
  execFileSync(process.execPath, [file, ...args], { cwd, encoding: 'utf8', stdio: 'pipe' });

describe('the plugin template', () => {
  const dir = makeTempDir('template');
  const plugin = path.join(dir, 'int2int-digits');
  const env = isolatedCliEnv(dir);
  const cli = (cwd: string, ...args: string[]) => runCli(args, cwd, env);

  // The rendered plugin finds int2int, jest, ts-jest and typescript as an installed plugin would find them in its
  // own node_modules: here the workspace's (offline), where `int2int` is this repository's framework package.
  beforeAll(() => fs.symlinkSync(NODE_MODULES, path.join(dir, 'node_modules'), 'dir'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is rendered by plugins:new, formatted as the repository is', () => {
    const result = cli(dir, 'plugins:new', 'int2int-digits', '--operation', 'digit_sum');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const files = [
      'LICENSE',
      'README.md',
      'jest.config.js',
      'package.json',
      'src/digit_sum.operation.test.ts',
      'src/digit_sum.operation.ts',
      'src/index.ts',
      'tsconfig.json',
    ];
    for (const file of files) expect(result.stdout).toContain(`  ${file}\n`);
    const pjson = JSON.parse(fs.readFileSync(path.join(plugin, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(pjson).toMatchObject({
      name: 'int2int-digits',
      int2int: { operations: './dist/index.js' },
      peerDependencies: { int2int: '^0.2.0' },
    });
    const config = path.join(ROOT, '.prettierrc.json');
    run(PRETTIER, ['--check', '--config', config, ...files.filter((f) => f !== 'LICENSE')], plugin);
    expect(cli(dir, 'plugins:new', 'int2int-digits').stderr).toMatch(
      /^Error: refusing to overwrite .*package\.json/,
    );
  });

  it('builds with tsc and passes its own tests', () => {
    run(TSC, ['-p', '.'], plugin);
    expect(fs.existsSync(path.join(plugin, 'dist', 'index.js'))).toBe(true);
    const output = execFileSync(process.execPath, [JEST, '--ci'], {
      cwd: plugin,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    expect(output).toBe('');
  });

  it('is linked with plugins:link and trains its operation with its own flags', () => {
    expect(cli(dir, 'plugins:link', '--no-install', plugin).status).toBe(0);
    const list = cli(dir, 'operations:list');
    expect(list.stderr).toBe('');
    expect(list.stdout).toMatch(/^digit_sum +int2int-digits +int\[2\] -> int: the sum of the input$/m);
    const trained = cli(
      dir,
      'train',
      '--operation',
      'digit_sum',
      '--maxint',
      '99',
      ...TINY_MODEL,
      '--epoch_size',
      '64',
      '--max_epoch',
      '1',
      '--eval_size',
      '50',
      '--num_workers',
      '0',
      '--exp_id',
      'digits',
    );
    expect(trained.stderr).toBe('');
    expect(trained.status).toBe(0);
    expect(trained.stdout).toMatch(/\d+\/50 \(\d+\.\d\d%\) examples were evaluated correctly\./);
    const params = JSON.parse(
      fs.readFileSync(path.join(dir, 'dumped', 'debug', 'digits', 'params.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(params).toMatchObject({ operation: 'digit_sum', operationParams: { maxint: 99, base: 10 } });
  });

  it('takes more operations with operations:new, which builds and runs at once', () => {
    const added = cli(path.join(plugin, 'src'), 'operations:new', 'digit_product');
    expect(added.stderr).toBe('');
    expect(fs.readFileSync(path.join(plugin, 'src', 'index.ts'), 'utf8')).toContain(
      "export { DigitProductOperation } from './digit_product.operation';\n",
    );
    run(TSC, ['-p', '.'], plugin);
    expect(cli(dir, 'operations:show', 'digit_product').stdout).toMatch(/^digit_product \(int2int-digits\)/);
    const outside = cli(dir, 'operations:new', 'digit_max');
    expect(outside.status).toBe(1);
    expect(outside.stderr).toMatch(/^Error: no plugin package here: .*\n$/);
  });

  it('renders the chosen types and parameters in both commands; the operation builds, passes its tests, trains', () => {
    const flags = ['--input', 'int[3]', '--output', 'range(-2,5)', '--param', 'maxint:int=50'];
    flags.push('--param', 'scale:float=0.5:a factor, for your own use', '--param', "tag:string=it's");
    expect(cli(path.join(plugin, 'src'), 'operations:new', 'mod_sum', ...flags).stderr).toBe('');
    expect(cli(dir, 'plugins:new', 'int2int-mods', '--operation', 'mod_sum', ...flags).status).toBe(0);
    const files = ['src/mod_sum.operation.ts', 'src/mod_sum.operation.test.ts'];
    for (const file of files) {
      const text = fs.readFileSync(path.join(plugin, file), 'utf8');
      expect(fs.readFileSync(path.join(dir, 'int2int-mods', file), 'utf8')).toBe(text);
    }
    run(PRETTIER, ['--check', '--config', path.join(ROOT, '.prettierrc.json'), ...files], plugin);
    run(TSC, ['-p', '.'], plugin);
    execFileSync(process.execPath, [JEST, '--ci', 'mod_sum'], { cwd: plugin, stdio: 'pipe' });
    const list = cli(dir, 'operations:list').stdout;
    expect(list).toMatch(
      /^mod_sum +int2int-digits +int\[3\] -> range\(-2,5\): the sum of the input modulo 7$/m,
    );
    const short = ['--epoch_size', '32', '--max_epoch', '1', '--eval_size', '20', '--num_workers', '0'];
    const trained = cli(
      dir,
      'train',
      '--operation',
      'mod_sum',
      '--maxint',
      '20',
      ...TINY_MODEL,
      ...short,
      '--exp_id',
      'mods',
    );
    expect(trained.stderr).toBe('');
    expect(trained.stdout).toMatch(/\d+\/20 \(\d+\.\d\d%\) examples were evaluated correctly\./);
    const params = JSON.parse(
      fs.readFileSync(path.join(dir, 'dumped', 'debug', 'mods', 'params.json'), 'utf8'),
    ) as object;
    expect(params).toMatchObject({ operationParams: { maxint: 20, scale: 0.5, tag: "it's" } });
    const bad = cli(dir, 'plugins:new', 'int2int-bad', '--input', 'float');
    expect(bad.stderr).toMatch(/^Error: unknown type "float"; use int, int\[n\], range\(b\) or range\(a,b\)/);
    expect(fs.existsSync(path.join(dir, 'int2int-bad'))).toBe(false);
  });

  it('renders the package of the worked example of docs/plugins.md, whose files build and pass their tests', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'plugins.md'), 'utf8');
    const example = path.join(dir, 'int2int-divisors');
    expect(cli(dir, 'plugins:new', 'int2int-divisors', '--operation', 'divisor').status).toBe(0);
    const pjson = /```json\n(\{\n {2}"name": "int2int-divisors"[^]*?)```/.exec(doc)![1];
    expect(JSON.parse(fs.readFileSync(path.join(example, 'package.json'), 'utf8'))).toMatchObject(
      JSON.parse(pjson) as object,
    );
    const files = readDocFiles(doc);
    expect(files.map((file) => file.path).sort()).toEqual([
      'src/divisor.operation.test.ts',
      'src/divisor.operation.ts',
      'src/index.ts',
    ]);
    for (const file of files) fs.writeFileSync(path.join(example, file.path), file.text);
    run(TSC, ['-p', '.'], example);
    execFileSync(process.execPath, [JEST, '--ci'], { cwd: example, stdio: 'pipe' });
  });
});
