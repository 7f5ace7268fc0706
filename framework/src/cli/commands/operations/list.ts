// `int2int operations:list`: the operations available, from the framework and installed plugins.
import { Command } from '@oclif/core';
import { operationRegistry } from '../../../core/registry/operation-registry';
import { describeOperation, type OperationDescription } from '../../describe-operation';
import { loadConfigFile } from '../../../config/load-config-file';
import { loadOperations, warnPluginFailures } from '../../load-operations';

export default class OperationsList extends Command {
  static override summary = 'List the operations (problems) int2int can train on';
  static override enableJsonFlag = true;
  static override examples = [
    '<%= config.bin %> operations:list',
    '<%= config.bin %> operations:list --json',
  ];

  async run(): Promise<OperationDescription[]> {
    await this.parse(OperationsList);
    const { failures } = loadOperations(
      this.config,
      (await loadConfigFile(process.cwd()))?.plugins ?? [],
      process.cwd(),
    );
    warnPluginFailures(failures);
    const operations = operationRegistry().list().map(describeOperation);
    const width = Math.max(...operations.map((o) => o.name.length));
    const pluginWidth = Math.max(...operations.map((o) => o.plugin.length));
    for (const o of operations)
      this.log(`${o.name.padEnd(width)}  ${o.plugin.padEnd(pluginWidth)}  ${o.summary}`);
    return operations;
  }
}
