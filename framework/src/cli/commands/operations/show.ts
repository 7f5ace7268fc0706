// `int2int operations:show NAME`: an operation's parameters with their defaults, its tokenizers and sample lines.
import { Args, Command } from '@oclif/core';
import { buildOperation } from '../../../core/build-operation';
import { operationLabel } from '../../../core/plugin-guard';
import { operationRegistry } from '../../../core/registry/operation-registry';
import { Rng } from '../../../core/rng';
import { drawExample } from '../../../data/example-factory';
import { describeRange } from '../../../operations/parameters';
import { Vocabulary } from '../../../tokenizers/vocabulary';
import { describeOperation } from '../../describe-operation';
import { exitWithError } from '../../exit-with-error';
import { loadConfigFile } from '../../../config/load-config-file';
import { loadOperations, warnPluginFailures } from '../../load-operations';

const SAMPLES = 5;

export default class OperationsShow extends Command {
  static override summary = "Show an operation's parameters, tokenizers and a few generated examples";
  static override args = {
    name: Args.string({ description: 'operation name (see operations:list)', required: true }),
  };
  static override examples = ['<%= config.bin %> operations:show gcd'];

  async run(): Promise<void> {
    const { args } = await this.parse(OperationsShow);
    const { failures } = loadOperations(
      this.config,
      (await loadConfigFile(process.cwd()))?.plugins ?? [],
      process.cwd(),
    );
    warnPluginFailures(failures);
    let entry;
    try {
      entry = operationRegistry().get(args.name);
    } catch (error) {
      exitWithError(this, error);
    }
    const description = describeOperation(entry);
    this.log(`${description.name} (${description.plugin}): ${description.summary}\n`);
    this.log('Parameters (int2int train --operation ' + description.name + ' --NAME VALUE):');
    if (!description.params.length) this.log('  (none)');
    const width = Math.max(0, ...description.params.map((p) => p.name.length));
    for (const p of description.params) {
      this.log(
        `  --${p.name.padEnd(width)}  ${p.type.padEnd(6)} default ${JSON.stringify(p.default).padEnd(9)} ${p.help}${p.range ? ` (${describeRange(p.range)})` : ''}`,
      );
    }
    if (!description.generates) {
      this.log(
        `\n${description.name} reads its examples from files (--train_data, --eval_data): no generator.`,
      );
      return;
    }
    const { operation } = buildOperation(description.name, {});
    const vocab = Vocabulary.fromSymbols(operation.inputTokenizer.symbols, operation.outputTokenizer.symbols);
    this.log(
      `\nTokenizers: input ${operation.inputTokenizer.constructor.name}, output ${operation.outputTokenizer.constructor.name}; vocabulary of ${vocab.size} words`,
    );
    this.log(`\n${SAMPLES} examples with the default parameters (Int2Int file format, INPUT<TAB>OUTPUT):`);
    const rng = new Rng([0, 0, 0]);
    const options = {
      label: operationLabel(description.name, description.plugin),
      operation,
      vocab,
      maxLen: 512,
    };
    for (let i = 0; i < SAMPLES; i++) {
      const example = drawExample(options, rng, 'train');
      const words = (ids: ArrayLike<number>) => Array.from(ids, (id) => vocab.word(id)).join(' ');
      this.log(`${words(example.x)}\t${words(example.y)}`);
    }
  }
}
