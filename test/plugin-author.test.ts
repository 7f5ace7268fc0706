// End-to-end, as a plugin author outside the repository: plugins:new against this checkout, an operation with a
// verifier and its alternative answers, npm install / build / test, the harness failing too strict and too lax
// verifiers, npm pack leaking no local path, and plugins:install of the tarball and the folder however they are named.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, runCli } from './cli-helpers';
import { isolatedCliEnv, ROOT } from './plugin-helpers';

const PRIMITIVE_ROOT = `// The primitive_root operation: a generator of the multiplicative group modulo a prime; any one is right.
import { intParam, operation, PositionalInt, type Example, type Operation, type ParamsOf, type Rng, type Verdict } from 'int2int';

const PARAMS = {
  maxp: intParam(200, 'primes are drawn from [3, maxp]', { min: 3 }),
};

/** Whether g generates the group of units mod the prime p (its order is p - 1). */
export function isPrimitiveRoot(g: number, p: number): boolean {
  if (g <= 0 || g >= p) return false;
  let x = 1;
  for (let k = 1; k < p - 1; k++) {
    x = (x * g) % p;
    if (x === 1) return false;
  }
  return true;
}

function isPrime(n: number): boolean {
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return n >= 2;
}

@operation({ name: 'primitive_root', summary: 'The smallest primitive root modulo a prime; any root is right', params: PARAMS })
export class PrimitiveRootOperation implements Operation<number, number> {
  readonly inputTokenizer = new PositionalInt(10);
  readonly outputTokenizer = new PositionalInt(10);

  constructor(private readonly params: ParamsOf<typeof PARAMS>) {}

  generate(rng: Rng): Example<number, number> | undefined {
    const p = rng.int(3, this.params.maxp);
    return isPrime(p) ? { input: p, output: this.solve(p) } : undefined;
  }

  solve(p: number): number {
    for (let g = 2; ; g++) if (isPrimitiveRoot(g, p)) return g;
  }

  verify(predicted: number, _target: number, p: number | undefined): Verdict {
    return { valid: VERIFIER };
  }

  classOf(output: number): number {
    return Math.min(output, 10);
  }
}
`;

const RIGHT_VERIFIER = 'p !== undefined && isPrimitiveRoot(predicted, p)';

const TEST = `// Tests of primitive_root: the conformance harness, with answers the verifier must accept and reject.
import { testOperation } from 'int2int/testing';
import { PrimitiveRootOperation } from './primitive_root.operation';

testOperation(PrimitiveRootOperation, {
  params: { maxp: 100 },
  examples: [{ input: 7, output: 3 }, { input: 11, output: 2 }],
  alternativeAnswers: [{ input: 7, answers: [5] }, { input: 11, answers: [6, 7, 8] }],
  wrongAnswers: [{ input: 7, predicted: 6 }, { input: 11, predicted: 3 }],
});
`;

describe('a plugin author outside the repository', () => {
  const dir = makeTempDir('author');
  const plugin = path.join(dir, 'int2int-roots');
  const env = isolatedCliEnv(dir);
  const cli = (cwd: string, ...args: string[]) => runCli(args, cwd, env);
  const npm = (cwd: string, ...args: string[]) =>
    spawnSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0', ...env },
      timeout: 300_000,
    });
  const source = (verifier: string) =>
    fs.writeFileSync(
      path.join(plugin, 'src', 'primitive_root.operation.ts'),
      PRIMITIVE_ROOT.replace('VERIFIER', verifier),
    );
  /** Installs `spec` from `cwd`, checks that the operation is listed, and uninstalls it. */
  const installs = (cwd: string, spec: string) => {
    const installed = cli(cwd, 'plugins:install', spec);
    expect(`${installed.status} ${installed.stderr}`).toMatch(/^0 /);
    expect(installed.stderr).not.toMatch(/prepare script|Warning/);
    expect(cli(dir, 'operations:list').stdout).toMatch(/^primitive_root +int2int-roots /m);
    expect(cli(dir, 'plugins:uninstall', 'int2int-roots').status).toBe(0);
  };
  let tarball = '';

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('scaffolds against this int2int, never naming its path in package.json', () => {
    expect(path.relative(ROOT, dir).startsWith('..')).toBe(true);
    const created = cli(dir, 'plugins:new', 'int2int-roots', '--operation', 'primitive_root');
    expect(created.status).toBe(0);
    expect(created.stdout).toContain(
      `It builds against the int2int in ${fs.realpathSync(path.join(ROOT, 'framework'))}`,
    );
    const pjson = fs.readFileSync(path.join(plugin, 'package.json'), 'utf8');
    expect(pjson).not.toMatch(/file:|\/tmp\/|\/work\//);
    expect(JSON.parse(pjson)).not.toHaveProperty('devDependencies.int2int');
    const tsconfig = JSON.parse(fs.readFileSync(path.join(plugin, 'tsconfig.json'), 'utf8')) as {
      compilerOptions: { paths: Record<string, string[]> };
    };
    expect(tsconfig.compilerOptions.paths.int2int).toEqual([fs.realpathSync(path.join(ROOT, 'framework'))]);
  });

  it('scaffolds against the registry on request, and names a wrong --int2int folder', () => {
    const other = path.join(dir, 'other');
    fs.mkdirSync(other);
    expect(cli(other, 'plugins:new', 'int2int-other', '--int2int', 'registry').status).toBe(0);
    const pjson = JSON.parse(fs.readFileSync(path.join(other, 'int2int-other', 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(pjson.devDependencies.int2int).toBe('^0.2.0');
    expect(fs.readFileSync(path.join(other, 'int2int-other', 'tsconfig.json'), 'utf8')).not.toContain(
      'paths',
    );
    const nowhere = cli(other, 'plugins:new', 'int2int-a', '--int2int', './nowhere');
    expect(`${nowhere.status} ${nowhere.stderr}`).toBe(
      `2 Error: --int2int ./nowhere: ${path.join(other, 'nowhere')} is not an int2int package folder (no package.json)\n`,
    );
    fs.writeFileSync(path.join(other, 'package.json'), '{}');
    const unbuilt = cli(other, 'plugins:new', 'int2int-b', '--int2int', '.');
    expect(unbuilt.stderr).toBe(
      `Error: ${fs.realpathSync(other)} holds no built int2int (no dist/index.d.ts): run \`npm run build\` there first\n`,
    );
  });

  it('installs, builds and passes its tests with a verifier and alternative answers', () => {
    fs.writeFileSync(path.join(plugin, 'src', 'primitive_root.operation.test.ts'), TEST);
    source(RIGHT_VERIFIER);
    const installed = npm(plugin, 'install');
    expect(`${installed.status} ${installed.stderr}`).toMatch(/^0 /);
    expect(npm(plugin, 'run', 'build').status).toBe(0);
    const tested = npm(plugin, 'test');
    expect(`${tested.status} ${tested.stderr}`).toMatch(/^0 /);
    expect(tested.stderr).toMatch(/accepts the 4 listed alternative answers \(verify\)/);
    expect(tested.stderr).toMatch(/rejects the 2 listed wrong answers/);
  }, 400_000);

  it('fails the tests of a verifier that accepts only the target, naming the alternative it rejected', () => {
    source('predicted === _target');
    const tested = npm(plugin, 'test');
    expect(tested.status).not.toBe(0);
    expect(tested.stderr).toContain('verify() rejected the correct answer 5 for 7 (target 3)');
  }, 120_000);

  it('fails the tests of a verifier that accepts every answer', () => {
    source('true');
    const tested = npm(plugin, 'test');
    expect(tested.status).not.toBe(0);
    expect(tested.stderr).toContain('verify() accepted the wrong answer 6 for 7 (target 3)');
    expect(tested.stderr).toContain('verify() accepted every answer it was shown');
    source(RIGHT_VERIFIER);
  }, 120_000);

  it('packs dist/, README and LICENSE only, with no local path', () => {
    const packed = npm(plugin, 'pack', '--json');
    expect(packed.status).toBe(0);
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = info.files.map((file) => file.path);
    expect(files.filter((file) => !/^dist\/.*\.(js|d\.ts|js\.map)$/.test(file)).sort()).toEqual([
      'LICENSE',
      'README.md',
      'package.json',
    ]);
    expect(files.some((file) => file.includes('.test.'))).toBe(false);
    tarball = path.join(plugin, info.filename);
  }, 120_000);

  it('installs the tarball as ./x.tgz, /abs/x.tgz and file:./x.tgz, and the folder, without the prepare warning', () => {
    const name = path.basename(tarball);
    for (const spec of [`./${name}`, tarball, `file:./${name}`]) installs(plugin, spec);
    installs(dir, './int2int-roots');
  }, 400_000);

  it('refuses a missing path at once, naming it', () => {
    const started = Date.now();
    const missing = cli(plugin, 'plugins:install', './int2int-roots-9.9.9.tgz');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(
      `Error: No such file or folder: ${path.join(plugin, 'int2int-roots-9.9.9.tgz')} ` +
        `(from "./int2int-roots-9.9.9.tgz", resolved against ${plugin})\n`,
    );
    const nothing = cli(plugin, 'plugins:install');
    expect(`${nothing.status} ${nothing.stderr}`).toBe(
      '2 Error: Name a plugin to install: a package name, a .tgz file or a folder\n',
    );
    const notPackage = cli(dir, 'plugins:install', './int2int-roots/src');
    expect(notPackage.stderr).toMatch(
      /^Error: \S+\/int2int-roots\/src is not a package: it has no package\.json/,
    );
  });
});
