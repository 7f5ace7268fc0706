// The prebuilt int2int-native addon: self-contained (libc and libm only), as its provenance says, and its own kernels
// dispatched at run time: each instruction set's copy stays within its set and computes the same values.
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const NATIVE = path.join(__dirname, '..', 'native');
const PREBUILT_DIR = path.join(NATIVE, 'prebuilds', 'linux-x64');
const PREBUILT = path.join(PREBUILT_DIR, 'int2int-native.napi.glibc.node');
const NODE_MODULES = path.join(__dirname, '..', 'node_modules');
const linuxX64 = process.platform === 'linux' && process.arch === 'x64';
const STATIC_OPENBLAS = '/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.a';

function tool(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr || result.error}`);
  return result.stdout;
}

const cpuFlags = new Set(
  (
    fs
      .readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((line) => line.startsWith('flags')) ?? ''
  )
    .split(':')[1]
    ?.trim()
    .split(/\s+/) ?? [],
);
const hasAvx512 = ['avx512f', 'avx512bw', 'avx512vl', 'avx512dq', 'avx512cd'].every((flag) =>
  cpuFlags.has(flag),
);
const hasAvx2 = ['avx2', 'fma', 'bmi2'].every((flag) => cpuFlags.has(flag));

/**
 * Runs every kernel of the addon on fixed inputs in a fresh process (the kernels are chosen when the addon loads),
 * with the environment given, and returns its info() and the outputs.
 */
function runKernels(
  env: NodeJS.ProcessEnv,
  pkg = NATIVE,
): { info: { blas: string; kernels: string }; outputs: number[][] } {
  const script = `
    const native = require(${JSON.stringify(pkg)}).load();
    let seed = 7;
    const random = (n) => Float32Array.from({ length: n }, () => ((seed = (seed * 48271) % 2147483647) / 2147483647) * 2 - 1);
    const outputs = [];
    const rows = 37, cols = 131, x = random(rows * cols), gamma = random(cols), beta = random(cols), dy = random(rows * cols);
    const y = new Float32Array(rows * cols);
    native.layerNorm(x, gamma, beta, y, rows, cols, 1e-5);
    const dx = new Float32Array(rows * cols), dgamma = new Float32Array(cols), dbeta = new Float32Array(cols);
    native.layerNormGrad(dy, x, gamma, dx, dgamma, dbeta, rows, cols, 1e-5);
    outputs.push(y, dx, dgamma, dbeta);
    const [b, h, t, s, d] = [2, 3, 9, 11, 24];
    const q = random(b * h * t * d), k = random(b * h * s * d), v = random(b * h * s * d), bias = random(t * s);
    const out = new Float32Array(b * h * t * d);
    native.attention(q, k, v, bias, out, b, h, t, s, d, 0, 0, s, 1);
    const dout = random(b * h * t * d), dq = new Float32Array(q.length), dk = new Float32Array(k.length), dv = new Float32Array(v.length);
    native.attentionGrad(dout, q, k, v, bias, dq, dk, dv, b, h, t, s, d, 0, 0, s, 1);
    outputs.push(out, dq, dk, dv);
    const a = random(4096), row = random(64), sum = new Float32Array(4096), product = new Float32Array(4096);
    native.elementwise(0, a, row, sum, 4096, 4096, 64);
    native.elementwise(2, a, row, product, 4096, 4096, 64);
    const reduced = new Float32Array(64 * 3);
    native.reduceSum(a, reduced, 64, 21, 3);
    outputs.push(sum, product, reduced, new Float32Array([native.sumOfSquares([a, row])]));
    const p = random(1000), g = random(1000), m = random(1000).map(Math.abs), w = random(1000).map(Math.abs);
    native.adam([p], [g], [m], [w], new Float32Array([1, 0, 0.9, 0.98, 1, 1e-3, 1, 1e-8]));
    outputs.push(p, m, w);
    process.stdout.write(JSON.stringify({ info: native.info(), outputs: outputs.map((o) => Array.from(o)) }));
  `;
  const result = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: {
      ...process.env,
      NODE_PATH: NODE_MODULES,
      OPENBLAS_CORETYPE: '',
      INT2INT_NATIVE_KERNELS: '',
      ...env,
    },
    maxBuffer: 1 << 26,
  });
  if (result.status !== 0) throw new Error(`kernels under ${JSON.stringify(env)}: ${result.stderr}`);
  return JSON.parse(result.stdout) as { info: { blas: string; kernels: string }; outputs: number[][] };
}

/** Each output of `b` within float tolerance of `a`'s (the copies sum in lanes of different widths). */
function expectSameValues(a: number[][], b: number[][]): void {
  expect(b).toHaveLength(a.length);
  a.forEach((values, i) => {
    const scale = Math.max(1, ...values.map(Math.abs));
    const worst = Math.max(...values.map((value, j) => Math.abs(value - b[i][j])));
    expect(worst / scale).toBeLessThan(1e-5);
  });
}

/** The functions of native/src/kernels_body.h, of which kernels.c compiles a copy per instruction set. */
const BODY_FUNCTIONS = [
  'squares_share',
  'adam_share',
  'sum_lanes',
  'row_moments',
  'layer_norm_share',
  'layer_norm_grad_share',
  'elementwise_share',
  'dot8',
  'attention_probabilities',
  'attention_share',
  'attention_grad_share',
  'reduce_sum',
];

/** The instructions of each function of one copy of the addon's kernels (names ending in _<suffix>), by function. */
function disassembly(file: string, suffix: string): Map<string, string[]> {
  // dot8_avx2, and the parts GCC splits off: row_moments_avx2.isra.0
  const ofCopy = (name: string) =>
    BODY_FUNCTIONS.some((f) => name === `${f}_${suffix}` || name.startsWith(`${f}_${suffix}.`));
  // only the addon's own kernels: the range their symbols span (OpenBLAS's 25 MB would take objdump 20 s)
  const symbols = [
    ...tool('nm', ['-S', '--defined-only', file]).matchAll(/^([0-9a-f]+) ([0-9a-f]+) [tT] (\S+)$/gm),
  ]
    .filter((m) => ofCopy(m[3]))
    .map((m) => ({ start: parseInt(m[1], 16), end: parseInt(m[1], 16) + parseInt(m[2], 16) }));
  if (symbols.length === 0) return new Map();
  const range = [
    `--start-address=0x${Math.min(...symbols.map((s) => s.start)).toString(16)}`,
    `--stop-address=0x${Math.max(...symbols.map((s) => s.end)).toString(16)}`,
  ];
  const functions = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of tool('objdump', ['-d', '--no-show-raw-insn', ...range, file]).split('\n')) {
    const start = /^[0-9a-f]+ <([A-Za-z0-9_.]+)>:$/.exec(line);
    if (start) {
      current = ofCopy(start[1]) ? [] : undefined;
      if (current) functions.set(start[1], current);
    } else if (current && line.trim() !== '') {
      current.push(line);
    }
  }
  return functions;
}

/** The pool tasks of each copy: called through its table, never inlined away. */
const KERNELS = [
  'squares_share',
  'adam_share',
  'layer_norm_share',
  'layer_norm_grad_share',
  'elementwise_share',
];

(linuxX64 ? describe : describe.skip)('the prebuilt int2int-native addon (linux-x64)', () => {
  beforeAll(() => {
    // the repository carries it brotli-compressed; the loader unpacks it on first use
    const script = 'const a = require("./index.js").locate(); if (a instanceof Error) throw a;';
    const located = spawnSync(process.execPath, ['-e', script], { cwd: NATIVE, encoding: 'utf8' });
    if (located.status !== 0) throw new Error(located.stderr);
  });

  it('is carried compressed (under 5 MB) and unpacked, once, by the loader of a fresh copy; a damaged one is named', () => {
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'int2int-unpack-')), 'int2int-native');
    for (const entry of ['package.json', 'index.js', 'scripts'])
      fs.cpSync(path.join(NATIVE, entry), path.join(copy, entry), { recursive: true });
    const copyDir = path.join(copy, 'prebuilds', 'linux-x64');
    fs.mkdirSync(copyDir, { recursive: true });
    for (const entry of ['int2int-native.napi.glibc.node.br', 'PROVENANCE.json'])
      fs.copyFileSync(path.join(PREBUILT_DIR, entry), path.join(copyDir, entry));
    const packed = fs.readFileSync(path.join(copyDir, 'int2int-native.napi.glibc.node.br'));
    const provenance = JSON.parse(fs.readFileSync(path.join(copyDir, 'PROVENANCE.json'), 'utf8')) as {
      sha256: string;
      packed: { sha256: string; bytes: number };
    };
    expect(packed.length).toBeLessThan(5 * 2 ** 20);
    expect(provenance.packed).toEqual({
      file: 'int2int-native.napi.glibc.node.br',
      sha256: crypto.createHash('sha256').update(packed).digest('hex'),
      bytes: packed.length,
    });
    const locate = () =>
      spawnSync(
        process.execPath,
        [
          '-e',
          'const a = require("./index.js").locate(); console.log(a instanceof Error ? a.message : a.file)',
        ],
        {
          cwd: copy,
          encoding: 'utf8',
          env: { ...process.env, NODE_PATH: NODE_MODULES },
        },
      ).stdout.trim();
    const unpacked = path.join(copyDir, 'int2int-native.napi.glibc.node');
    expect(locate()).toBe(unpacked);
    const sha = () => crypto.createHash('sha256').update(fs.readFileSync(unpacked)).digest('hex');
    expect(sha()).toBe(provenance.sha256);
    const unpackedAt = fs.statSync(unpacked).mtimeMs;
    expect(locate()).toBe(unpacked);
    expect(fs.statSync(unpacked).mtimeMs).toBe(unpackedAt); // not unpacked again

    fs.rmSync(unpacked);
    fs.writeFileSync(path.join(copyDir, 'int2int-native.napi.glibc.node.br'), packed.subarray(0, 1000));
    expect(locate()).toMatch(
      new RegExp(
        `^int2int-native is not installed: cannot unpack ${copyDir}/int2int-native\\.napi\\.glibc\\.node\\.br: .+; ` +
          'run `npm rebuild int2int-native` where the package folder is writable$',
      ),
    );
    expect(fs.readdirSync(copyDir).sort()).toEqual(['PROVENANCE.json', 'int2int-native.napi.glibc.node.br']);
    fs.rmSync(path.dirname(copy), { recursive: true, force: true });
  });

  it('needs only libc and libm: OpenBLAS is linked in, and its provenance names this very file', () => {
    const dynamic = tool('readelf', ['-d', PREBUILT]);
    const needed = [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
    expect(needed.sort()).toEqual(['libc.so.6', 'libm.so.6']);
    expect(dynamic).not.toMatch(/openblas|gfortran|RPATH|RUNPATH/i);
    const provenance = JSON.parse(fs.readFileSync(path.join(PREBUILT_DIR, 'PROVENANCE.json'), 'utf8')) as {
      sha256: string;
      bytes: number;
      needs: { libraries: string[]; glibc: string };
      builtWith: { openblas: { debianPackage: string } };
    };
    const bytes = fs.readFileSync(PREBUILT);
    expect(provenance.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
    expect(provenance.bytes).toBe(bytes.length);
    expect(provenance.needs.libraries.sort()).toEqual(needed);
    expect(provenance.builtWith.openblas.debianPackage).toMatch(/^libopenblas-pthread-dev 0\.3\.\d+/);
    // none of the addon's code was compiled for the build machine's CPU
    expect(fs.readFileSync(path.join(NATIVE, 'binding.gyp'), 'utf8')).not.toMatch(/"-march=native"/);
  });

  it('keeps each copy of its kernels within its instruction set (what a CPU without AVX-512 would run)', () => {
    const avx2 = disassembly(PREBUILT, 'avx2');
    const baseline = disassembly(PREBUILT, 'baseline');
    const avx512 = disassembly(PREBUILT, 'avx512');
    for (const kernel of KERNELS) {
      for (const copy of [avx2, baseline, avx512])
        expect([...copy.keys()].some((name) => name.startsWith(kernel))).toBe(true);
    }
    const all = (copy: Map<string, string[]>) => [...copy.values()].flat();
    // AVX-512: zmm registers, the mask registers k0-k7, and the EVEX-only registers xmm16-31/ymm16-31
    const avx512Only = /%zmm|%k[0-7]\b|%[xy]mm(1[6-9]|2\d|3[01])\b/;
    expect(all(avx2).filter((line) => avx512Only.test(line))).toEqual([]);
    expect(all(avx2).some((line) => /%ymm/.test(line))).toBe(true);
    expect(
      all(baseline).filter((line) => /%[yz]mm|%k[0-7]\b|\bv[a-z]/.test(line.split('\t').slice(1).join('\t'))),
    ).toEqual([]);
    // the check can see AVX-512 where it is
    expect(all(avx512).some((line) => avx512Only.test(line))).toBe(true);
  });

  it('picks the best kernels this CPU runs; OPENBLAS_CORETYPE=Haswell gives the AVX2 copy, with the same values', () => {
    const best = runKernels({});
    expect(best.info.kernels).toBe(hasAvx512 ? 'avx512' : hasAvx2 ? 'avx2' : 'baseline');
    const haswell = runKernels({ OPENBLAS_CORETYPE: 'Haswell' });
    if (hasAvx2) {
      expect(haswell.info.blas).toContain('Haswell');
      expect(haswell.info.kernels).toBe('avx2');
    }
    const baseline = runKernels({ INT2INT_NATIVE_KERNELS: 'baseline' });
    expect(baseline.info.kernels).toBe('baseline');
    for (const other of [haswell, baseline]) expectSameValues(best.outputs, other.outputs);
  });

  it('refuses an unknown INT2INT_NATIVE_KERNELS with the values it takes', () => {
    expect(() => runKernels({ INT2INT_NATIVE_KERNELS: 'sse9' })).toThrow(
      'INT2INT_NATIVE_KERNELS must be avx512, avx2 or baseline',
    );
  });

  // CI installs the static OpenBLAS (scripts/install-openblas.sh): there, this test never skips
  const canBuild = fs.existsSync(STATIC_OPENBLAS) || process.env.CI === 'true';
  (canBuild ? it : it.skip)(
    'is made again from source by scripts/prebuild.js, with the same needs and values',
    () => {
      const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'int2int-prebuild-')), 'int2int-native');
      for (const entry of ['package.json', 'index.js', 'binding.gyp', 'src', 'scripts'])
        fs.cpSync(path.join(NATIVE, entry), path.join(copy, entry), { recursive: true });
      const made = spawnSync(process.execPath, ['scripts/prebuild.js'], {
        cwd: copy,
        encoding: 'utf8',
        env: { ...process.env, NODE_PATH: NODE_MODULES, INT2INT_OPENBLAS: '' },
      });
      expect(made.stderr).not.toMatch(/prebuild:/);
      expect(made.status).toBe(0);
      expect(made.stdout).toMatch(
        /^prebuild: .*int2int-native\.napi\.glibc\.node \([\d.]+ MiB, needs libm\.so\.6, libc\.so\.6, glibc >= 2\.\d+\)$/m,
      );
      expect(made.stdout).toMatch(
        /^prebuild: .*int2int-native\.napi\.glibc\.node\.br \([\d.]+ MiB, what the package carries\)$/m,
      );
      const provenance = JSON.parse(
        fs.readFileSync(path.join(copy, 'prebuilds', 'linux-x64', 'PROVENANCE.json'), 'utf8'),
      ) as {
        sha256: string;
      };
      const file = path.join(copy, 'prebuilds', 'linux-x64', 'int2int-native.napi.glibc.node');
      expect(provenance.sha256).toBe(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
      expect(fs.existsSync(path.join(copy, 'build'))).toBe(false); // the copy now loads what it made
      const remade = runKernels({}, copy);
      expectSameValues(runKernels({}).outputs, remade.outputs);
      fs.rmSync(path.dirname(copy), { recursive: true, force: true });
    },
    300_000,
  );
});
