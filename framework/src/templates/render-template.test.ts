// Tests of the template renderer and of the plugin templates' variables (used by plugins:new, operations:new).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  addOperation,
  findPluginRoot,
  operationVariables,
  pluginVariables,
  templatesRoot,
} from './plugin-templates';
import { renderPath, renderTemplate, renderText } from './render-template';

describe('renderTemplate', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'int2int-render-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, 'template', file)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'template', file), text);
  };

  it('replaces {{key}} in contents and __key__ in file and folder names', () => {
    write('__name__/__name__.txt', 'hello {{name}}, {{ greeting }}!');
    write('plain.md', 'no placeholders');
    const files = renderTemplate(path.join(dir, 'template'), path.join(dir, 'out'), {
      name: 'x',
      greeting: 'hi',
    });
    expect(files).toEqual([path.join('plain.md'), path.join('x', 'x.txt')]);
    expect(fs.readFileSync(path.join(dir, 'out', 'x', 'x.txt'), 'utf8')).toBe('hello x, hi!');
  });

  it('names the file and the variable when a value is missing, and writes nothing', () => {
    write('a.txt', '{{name}}');
    write('b.txt', '{{missing}}');
    expect(() => renderTemplate(path.join(dir, 'template'), path.join(dir, 'out'), { name: 'x' })).toThrow(
      /b\.txt: no value for the template variable "missing"/,
    );
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
    expect(() => renderPath('__nope__.ts', {})).toThrow(
      '__nope__.ts: no value for the template variable "nope"',
    );
    expect(renderText('{{a}}{{a}}', { a: '1' }, 'here')).toBe('11');
  });

  it('refuses to overwrite existing files', () => {
    write('a.txt', 'new');
    fs.mkdirSync(path.join(dir, 'out'));
    fs.writeFileSync(path.join(dir, 'out', 'a.txt'), 'old');
    expect(() => renderTemplate(path.join(dir, 'template'), path.join(dir, 'out'), {})).toThrow(
      /^refusing to overwrite .*a\.txt$/,
    );
    expect(fs.readFileSync(path.join(dir, 'out', 'a.txt'), 'utf8')).toBe('old');
  });

  it('adds an operation to a plugin found from a subfolder, and exports it', () => {
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ int2int: { operations: './dist/index.js' } }),
    );
    fs.writeFileSync(path.join(dir, 'src', 'index.ts'), "export { AOperation } from './a.operation';");
    expect(findPluginRoot(path.join(dir, 'src'))).toBe(dir);
    addOperation(dir, operationVariables('digit_sum'));
    expect(fs.readFileSync(path.join(dir, 'src', 'index.ts'), 'utf8')).toBe(
      "export { AOperation } from './a.operation';\nexport { DigitSumOperation } from './digit_sum.operation';\n",
    );
    expect(fs.readFileSync(path.join(dir, 'src', 'digit_sum.operation.ts'), 'utf8')).toContain(
      'export class DigitSumOperation implements Operation',
    );
  });
});

describe('template variables', () => {
  it('derive the class name from the operation name and check it', () => {
    expect(operationVariables('modular_add')).toMatchObject({
      operation: 'modular_add',
      className: 'ModularAdd',
    });
    expect(() => operationVariables('Modular-Add')).toThrow(/not a valid operation name/);
  });

  it('derive the first operation and the peer range of int2int from the package name and version', () => {
    expect(pluginVariables('int2int-digit-sums')).toMatchObject({
      name: 'int2int-digit-sums',
      operation: 'digit_sums',
      className: 'DigitSums',
      int2intRange: '^0.2.0',
    });
    expect(pluginVariables('@lab/int2int-primes', 'prime_gap').operation).toBe('prime_gap');
    expect(() => pluginVariables('Not A Name')).toThrow(/not a valid npm package name/);
  });

  it('use every variable the templates refer to', () => {
    const variables = pluginVariables('int2int-check');
    const text = ['plugin', 'operation']
      .flatMap((t) => listFiles(path.join(templatesRoot(), t)))
      .map((file) => fs.readFileSync(file, 'utf8'))
      .join('\n');
    const used = new Set([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(variables).sort());
  });
});

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
