// `int2int operations:new NAME`: adds an operation and its test to the plugin in the current folder (templates/operation).
import { Args, Command } from '@oclif/core';
import { operationSpec } from '../../../templates/operation-spec';
import { addOperation, findPluginRoot, operationVariables } from '../../../templates/plugin-templates';
import { exitWithError } from '../../exit-with-error';
import { operationSpecFlags } from '../../operation-spec-flags';

export default class OperationsNew extends Command {
  static override summary = 'Add an operation and its test to the plugin in the current folder';
  static override description =
    'Writes src/<name>.operation.ts and src/<name>.operation.test.ts into the nearest plugin package ' +
    '(a package.json with "int2int": {"operations": ...}) and exports the operation from src/index.ts.';
  static override args = {
    name: Args.string({
      description: 'operation name: lower case letters, digits and _, e.g. digit_sum',
      required: true,
    }),
  };
  static override flags = operationSpecFlags;
  static override examples = [
    '<%= config.bin %> operations:new digit_sum',
    '<%= config.bin %> operations:new rank --input "int[5]" --output "range(5)" --param maxint:int=100 --param signed:bool=false',
  ];

  async run(): Promise<void> {
    const { args, flags } = await this.parse(OperationsNew);
    try {
      const root = findPluginRoot(process.cwd());
      if (!root) {
        throw new Error(
          `no plugin package here: no package.json with "int2int": {"operations": ...} in ${process.cwd()} or above ` +
            `(create one with \`${this.config.bin} plugins:new <name>\`)`,
        );
      }
      const spec = operationSpec(flags.input, flags.output, flags.param);
      const files = addOperation(root, operationVariables(args.name, spec));
      this.log(`Added operation ${args.name} to ${root}:`);
      for (const file of files) this.log(`  ${file}`);
    } catch (error) {
      exitWithError(this, error);
    }
  }
}
