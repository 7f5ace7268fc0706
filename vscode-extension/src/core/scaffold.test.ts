// Tests of template rendering as the extension does it: the shipped templates folder, a plugin, then another operation.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { operationSpec } from '../../../framework/src/templates/operation-spec';
import { findPlugins, scaffoldOperation, scaffoldPlugin } from './scaffold';

const SOURCE = { root: path.join(__dirname, '..', '..', '..', 'templates'), int2intVersion: '0.3.1' };

describe('scaffolding from the templates', () => {
  let workspace: string;
  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffold-'));
  });

  test('New Problem Plugin renders the plugin and its first operation, with the bundled int2int range', () => {
    const result = scaffoldPlugin(SOURCE, workspace, '@lab/int2int-digits', 'digit_sum');
    expect(result.folder).toBe(path.join(workspace, 'int2int-digits'));
    expect(result.files).toContain(path.join('src', 'digit_sum.operation.test.ts'));
    const operation = fs.readFileSync(result.operationFile, 'utf8');
    expect(operation).toContain("name: 'digit_sum'");
    expect(operation).toContain('export class DigitSumOperation');
    expect(operation).not.toMatch(/\{\{|__\w+__/);
    const pjson = JSON.parse(fs.readFileSync(path.join(result.folder, 'package.json'), 'utf8')) as {
      name: string;
      peerDependencies: Record<string, string>;
    };
    expect(pjson).toMatchObject({ name: '@lab/int2int-digits', peerDependencies: { int2int: '^0.3.0' } });
    expect(findPlugins(workspace)).toEqual([result.folder]);
  });

  test('New Operation adds the operation and its export to the plugin holding the given file', () => {
    const plugin = scaffoldPlugin(SOURCE, workspace, 'int2int-digits');
    const result = scaffoldOperation(SOURCE, plugin.operationFile, 'digit_product');
    expect(result.files).toEqual(
      ['digit_product.operation.test.ts', 'digit_product.operation.ts', 'index.ts'].map((f) =>
        path.join('src', f),
      ),
    );
    expect(fs.readFileSync(path.join(plugin.folder, 'src', 'index.ts'), 'utf8')).toContain(
      "export { DigitProductOperation } from './digit_product.operation';",
    );
  });

  test('renders the chosen input and output types and parameters', () => {
    const plugin = scaffoldPlugin(SOURCE, workspace, 'int2int-ranks');
    const spec = operationSpec('range(10)', 'int[2]', [
      'maxint:int=9',
      'signed:bool=false:negative operands',
    ]);
    const result = scaffoldOperation(SOURCE, plugin.folder, 'rank', spec);
    const operation = fs.readFileSync(result.operationFile, 'utf8');
    expect(operation).toContain('export class RankOperation implements Operation<number, number[]>');
    expect(operation).toContain("signed: boolParam(false, 'negative operands'),");
    expect(operation).toContain('this.inputTokenizer = new SymbolicInt(0, 9);');
    expect(operation).toContain(
      "this.outputTokenizer = new NumberArray<number[]>(2, 'V', 1, new PositionalInt(10));",
    );
  });

  test('refuses bad names, overwriting, and a folder that is no plugin', () => {
    expect(() => scaffoldPlugin(SOURCE, workspace, 'Bad Name')).toThrow(/not a valid npm package name/);
    scaffoldPlugin(SOURCE, workspace, 'int2int-a');
    expect(() => scaffoldPlugin(SOURCE, workspace, 'int2int-a')).toThrow(/refusing to overwrite/);
    expect(() => scaffoldOperation(SOURCE, workspace, 'x')).toThrow(/no int2int plugin/);
  });
});
