// The plugin and operation templates: where they are, their variables, and how plugins:new / operations:new use them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { operationCodeVariables } from './operation-code';
import { operationSpec, type OperationSpec } from './operation-spec';
import { testCodeVariables } from './operation-test-code';
import { renderTemplate, type TemplateVariables } from './render-template';

const OPERATION_NAME = /^[a-z][a-z0-9_]*$/;
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
const FRAMEWORK_ROOT = path.join(__dirname, '..', '..');

/** The templates folder: the repository's templates/ in a checkout, else the published package's copy (prepack). */
export function templatesRoot(): string {
  const candidates = [path.join(FRAMEWORK_ROOT, '..', 'templates'), path.join(FRAMEWORK_ROOT, 'templates')];
  const found = candidates.find((dir) =>
    fs.existsSync(path.join(dir, 'operation', '__operation__.operation.ts')),
  );
  if (!found) throw new Error(`the int2int templates are missing (looked in ${candidates.join(' and ')})`);
  return found;
}

/**
 * The variables of templates/operation for an operation name such as `digit_sum` (className `DigitSum`) and its
 * input and output types and parameters (by default those of `int2int operations:new` without flags).
 */
export function operationVariables(
  operation: string,
  spec: OperationSpec = operationSpec(),
): TemplateVariables {
  if (!OPERATION_NAME.test(operation)) {
    throw new Error(
      `"${operation}" is not a valid operation name: lower case letters, digits and underscores (e.g. digit_sum)`,
    );
  }
  const className = operation
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return { operation, className, ...operationCodeVariables(spec), ...testCodeVariables(spec) };
}

/** The version of this int2int (its package.json). */
export function frameworkVersion(): string {
  const pjson = JSON.parse(fs.readFileSync(path.join(FRAMEWORK_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pjson.version;
}

/**
 * Where a new plugin gets int2int from while it is developed (built and tested): `registry` (a devDependency on
 * int2int from the npm registry), or the folder of an int2int package (a checkout's framework/), referenced
 * from tsconfig.json's paths only, so that package.json, which is published, never holds a local path.
 */
export type Int2intSource = 'registry' | { folder: string };

/**
 * The int2int this code runs from, as a plugin's source: `registry` when it was installed by npm (it lies in a
 * node_modules folder), else its folder (a checkout, which the registry may not know).
 */
export function runningInt2intSource(): Int2intSource {
  const folder = fs.realpathSync(FRAMEWORK_ROOT);
  return folder.split(path.sep).includes('node_modules') ? 'registry' : { folder };
}

/**
 * The variables of templates/plugin for a package name such as `int2int-digits` (first operation `digits`, of
 * types and parameters `spec`); `version` is the int2int version the plugin is made for (the editor extension
 * passes the one it bundles); `source` is where it gets int2int from while developed.
 */
export function pluginVariables(
  name: string,
  operation = defaultOperation(name),
  version = frameworkVersion(),
  spec: OperationSpec = operationSpec(),
  source: Int2intSource = 'registry',
): TemplateVariables {
  if (!PACKAGE_NAME.test(name)) throw new Error(`"${name}" is not a valid npm package name`);
  const [major, minor] = version.split('.');
  const range = major === '0' ? `^0.${minor}.0` : `^${major}.0.0`;
  return {
    ...operationVariables(operation, spec),
    name,
    description: `int2int operations: ${operation}`,
    int2intRange: range,
    int2intDevDependency: source === 'registry' ? `\n    "int2int": "${range}",` : '',
    int2intPaths: source === 'registry' ? '' : tsconfigPaths(source.folder),
    year: String(new Date().getFullYear()),
  };
}

/** The compilerOptions.paths entry (with its leading comma) that resolves int2int to the package in `folder`. */
function tsconfigPaths(folder: string): string {
  if (!fs.existsSync(path.join(folder, 'dist', 'index.d.ts'))) {
    throw new Error(
      `${folder} holds no built int2int (no dist/index.d.ts): run \`npm run build\` there first`,
    );
  }
  const entry = (module: string, target: string) =>
    `      ${JSON.stringify(module)}: [${JSON.stringify(target)}]`;
  return [
    ',\n    "paths": {',
    `${entry('int2int', folder)},`,
    entry('int2int/testing', path.join(folder, 'dist', 'testing')),
    '    }',
  ].join('\n');
}

/**
 * Renders a new plugin into `destination` (which must not hold any of its files); returns the files written.
 * `root` is the templates folder (the editor extension passes the copy it ships).
 */
export function createPlugin(
  destination: string,
  variables: TemplateVariables,
  root = templatesRoot(),
): string[] {
  const files = renderTemplate(path.join(root, 'plugin'), destination, variables);
  const operation = renderTemplate(path.join(root, 'operation'), path.join(destination, 'src'), variables);
  return [...files, ...operation.map((file) => path.join('src', file))].sort();
}

/** Adds an operation and its test to the plugin at `pluginRoot`, and its export to src/index.ts. */
export function addOperation(
  pluginRoot: string,
  variables: TemplateVariables,
  root = templatesRoot(),
): string[] {
  const src = path.join(pluginRoot, 'src');
  const files = renderTemplate(path.join(root, 'operation'), src, variables);
  const index = path.join(src, 'index.ts');
  const line = `export { ${variables.className}Operation } from './${variables.operation}.operation';\n`;
  const text = fs.existsSync(index) ? fs.readFileSync(index, 'utf8') : '';
  fs.writeFileSync(index, text.length === 0 || text.endsWith('\n') ? text + line : `${text}\n${line}`);
  return [...files.map((file) => path.join('src', file)), path.join('src', 'index.ts')].sort();
}

/** The nearest folder, from `start` up, whose package.json declares int2int operations. */
export function findPluginRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const pjson = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { int2int?: { operations?: string } };
      if (pjson.int2int?.operations) return dir;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function defaultOperation(name: string): string {
  const base = name.replace(/^@[^/]+\//, '').replace(/^int2int-/, '');
  const operation = base.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(operation) ? operation : `op_${operation}`;
}
