// Tests of the generated operation code: each choice of types and parameters renders prettier-formatted TypeScript.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { call, literal, quote } from './operation-code';
import { operationSpec } from './operation-spec';
import { operationVariables, templatesRoot } from './plugin-templates';
import { renderTemplate } from './render-template';

const ROOT = path.join(__dirname, '..', '..', '..');
const PRETTIER = path.join(path.dirname(require.resolve('prettier/package.json')), 'bin', 'prettier.cjs');

/** Renders the operation into `dir` (a fresh folder by default) and returns its files' text. */
function render(input?: string, output?: string, params?: string[], dir = temp()): Record<string, string> {
  const variables = operationVariables('my_op', operationSpec(input, output, params));
  const files = renderTemplate(path.join(templatesRoot(), 'operation'), dir, variables);
  return Object.fromEntries(files.map((file) => [file, fs.readFileSync(path.join(dir, file), 'utf8')]));
}

function temp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'int2int-code-'));
}

const CASES: Array<[string, string, string[]]> = [
  ['int[2]', 'int', ['maxint:int=1000', 'base:int=10']],
  ['int', 'range(5)', []],
  ['range(-3,4)', 'range(-2,3)', ['signed:bool=true', 'tag:string=it\'s "x"']],
  [
    'int[12]',
    'int[3]',
    ['maxint:int=50', `rate:float=0.25:${'a long help text '.repeat(6)}`, 'base:int=1000'],
  ],
  ['range(10)', 'int[2]', ['base:int=7', 'maxint:int=3']],
];

describe('the generated operation', () => {
  it('is formatted as prettier formats it, for every choice of types and parameters', () => {
    const dir = temp();
    try {
      const dirs = CASES.map(([input, output, params], i) => {
        render(input, output, params, path.join(dir, String(i)));
        return String(i);
      });
      const config = path.join(ROOT, '.prettierrc.json');
      execFileSync(process.execPath, [PRETTIER, '--check', '--config', config, ...dirs], {
        cwd: dir,
        stdio: 'pipe',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the defaults of the templates: two integers to their sum, maxint and base', () => {
    const code = render()['my_op.operation.ts'];
    expect(code).toContain("summary: 'int[2] -> int: the sum of the input'");
    expect(code).toContain("maxint: intParam(1000, 'the integers are drawn uniformly from [0, maxint]')");
    expect(code).toContain(
      "this.inputTokenizer = new NumberArray<number[]>(2, 'V', 1, new PositionalInt(params.base));",
    );
    expect(code).toContain('const input = Array.from({ length: 2 }, () => rng.int(0, this.params.maxint));');
    const test = render()['my_op.operation.test.ts'];
    expect(test).toContain("expect(op.inputTokenizer.encode([12, 30]).join(' ')).toBe('V2 + 1 2 + 3 0');");
    expect(test).toContain('wrongAnswers: [{ input: [12, 30], output: 42, predicted: 41 }],');
  });

  it('uses ranges as SymbolicInt, reads every parameter, and declares none when there are none', () => {
    const code = render('range(-3,4)', 'range(-2,3)', ['signed:bool=true'])['my_op.operation.ts'];
    expect(code).toContain('this.inputTokenizer = new SymbolicInt(-3, 3);');
    expect(code).toContain('const input = rng.int(-3, 3);');
    expect(code).toContain('return -2 + (((input % 5) + 5) % 5);');
    expect(code).toContain('constructor(private readonly params: ParamsOf<typeof PARAMS>) {');
    expect(code).toContain("  signed: boolParam(true, 'the signed parameter'),\n};");
    const bare = render('int', 'int', [])['my_op.operation.ts'];
    expect(bare).toContain('params: {},');
    expect(bare).toContain('  constructor() {\n    this.inputTokenizer = new PositionalInt(10);');
    expect(bare).not.toMatch(/PARAMS|ParamsOf/);
  });

  it('computes the listed examples as the operation does', () => {
    const test = render('int[3]', 'range(5)', ['maxint:int=9'])['my_op.operation.test.ts'];
    expect(test).toContain('{ input: [12, 30, 7], output: 4 },');
    expect(test).toContain('wrongAnswers: [{ input: [12, 30, 7], output: 4, predicted: 0 }],');
    expect(test).toContain("expect(op.outputTokenizer.encode(4).join(' ')).toBe('4');");
    expect(test).toContain('expect(op.classOf(4)).toBe(4);');
    expect(render('int', 'range(1)')['my_op.operation.test.ts']).not.toContain('wrongAnswers');
  });
});

describe('literals and calls', () => {
  it('quote as prettier does, and break calls that do not fit', () => {
    expect(quote("it's")).toBe(`"it's"`);
    expect(quote('a "b" \\ c')).toBe(`'a "b" \\\\ c'`);
    expect([literal(true), literal(0.5), literal('x')]).toEqual(['true', '0.5', "'x'"]);
    expect(call('  ', 'f', ['1', '2'], ';')).toBe('  f(1, 2);');
    expect(call('', 'f', ['1', `'${'x'.repeat(110)}'`], ';')).toBe(`f(\n  1,\n  '${'x'.repeat(110)}',\n);`);
  });
});
