// `int2int plugins:new NAME`: a new operation plugin package, rendered from templates/plugin and templates/operation.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Args, Command, Flags } from '@oclif/core';
import { UsageError } from '../../../core/usage-error';
import { operationSpec } from '../../../templates/operation-spec';
import {
  createPlugin,
  pluginVariables,
  runningInt2intSource,
  type Int2intSource,
} from '../../../templates/plugin-templates';
import { exitWithError } from '../../exit-with-error';
import { operationSpecFlags } from '../../operation-spec-flags';

export default class PluginsNew extends Command {
  static override summary = 'Create an operation plugin: a package with one operation and its test';
  static override description =
    'Writes a ready-to-publish npm package into a new folder: package.json (int2int as a peer dependency), ' +
    'tsconfig.json, jest.config.js, README.md, LICENSE, src/index.ts and src/<operation>.operation.ts with its test.';
  static override args = {
    name: Args.string({ description: 'npm package name of the plugin, e.g. int2int-digits', required: true }),
  };
  static override flags = {
    operation: Flags.string({ description: 'name of its first operation (default: from the package name)' }),
    dir: Flags.string({ description: 'folder to create (default: ./<name without scope>)' }),
    int2int: Flags.string({
      description:
        'where the plugin gets int2int from while you build and test it: "registry" (a devDependency from the npm ' +
        "registry) or the folder of an int2int package, e.g. a checkout's framework/ (referenced from " +
        'tsconfig.json only, never from package.json). Default: the int2int you run',
    }),
    ...operationSpecFlags,
  };
  static override examples = [
    '<%= config.bin %> plugins:new int2int-digits',
    '<%= config.bin %> plugins:new int2int-digits --operation digit_sum --dir ./digits',
    '<%= config.bin %> plugins:new int2int-mods --operation mod_sum --input "int[3]" --output "range(7)" --param maxint:int=100',
  ];

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PluginsNew);
    const destination = path.resolve(flags.dir ?? args.name.replace(/^@[^/]+\//, ''));
    try {
      const spec = operationSpec(flags.input, flags.output, flags.param);
      const source = int2intSource(flags.int2int);
      const variables = pluginVariables(args.name, flags.operation, undefined, spec, source);
      const files = createPlugin(destination, variables);
      this.log(`Created ${args.name} in ${destination}:`);
      for (const file of files) this.log(`  ${file}`);
      this.log(
        source === 'registry'
          ? `\nIt builds against int2int ${variables.int2intRange} from the npm registry (a devDependency).`
          : `\nIt builds against the int2int in ${source.folder} (tsconfig.json's paths; package.json names ` +
              `only the peer range ${variables.int2intRange}). --int2int registry: from the npm registry instead.`,
      );
      this.log(
        `\nNext: cd ${path.relative(process.cwd(), destination) || '.'} && npm install && npm run build && npm test`,
      );
      this.log(
        `Then: ${this.config.bin} plugins:link . && ${this.config.bin} train --operation ${variables.operation}`,
      );
    } catch (error) {
      exitWithError(this, error);
    }
  }
}

/** `--int2int registry|FOLDER`, else the int2int running this command. */
function int2intSource(flag: string | undefined): Int2intSource {
  if (flag === undefined) return runningInt2intSource();
  if (flag === 'registry') return 'registry';
  const folder = path.resolve(flag);
  if (!fs.existsSync(path.join(folder, 'package.json'))) {
    throw new UsageError(`--int2int ${flag}: ${folder} is not an int2int package folder (no package.json)`);
  }
  return { folder: fs.realpathSync(folder) };
}
