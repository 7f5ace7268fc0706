// `int2int generate`: the manual's §3.5 data generation recipe as one command (generate, dedupe, shuffle, split).
import * as path from 'node:path';
import { Command, Flags } from '@oclif/core';
import { convertValue, resolveParams } from '../../config/convert-value';
import { parseArgv, type RawFlags } from '../../config/parse-argv';
import { UsageError } from '../../core/usage-error';
import { describeDefault } from '../../operations/parameters';
import { buildOperation } from '../../core/build-operation';
import { operationRegistry } from '../../core/registry/operation-registry';
import { generateDataset } from '../../data/generate-dataset';
import { intParam, stringParam, type ParamSpecs } from '../../operations/parameters';
import { Vocabulary } from '../../tokenizers/vocabulary';
import { exitWithError } from '../exit-with-error';
import { loadConfigFile } from '../../config/load-config-file';
import { loadOperations, warnPluginFailures } from '../load-operations';

const GENERATE_PARAMETERS = {
  operation: stringParam('', 'The operation to generate examples of (int2int operations:list)'),
  count: intParam(0, 'Number of examples to draw (duplicates and long examples are then dropped)'),
  valid_size: intParam(10000, 'Examples in the validation file'),
  test_size: intParam(10000, 'Examples in the test file'),
  output: stringParam('.', 'Folder to write <prefix>.train, <prefix>.valid and <prefix>.test in'),
  prefix: stringParam('data', 'File name prefix'),
  env_base_seed: intParam(0, 'Seed of the generator and of the shuffle'),
  max_len: intParam(512, 'Drop examples with this many input or output tokens or more (<= 0: no limit)'),
} satisfies ParamSpecs;

export default class Generate extends Command {
  static override summary = 'Write deduplicated, shuffled, disjoint train/valid/test files for an operation';
  static override description =
    'Replaces the six-step recipe of the manual §3.5 (export_data, cat, shuf, uniq, head, tail). ' +
    "The operation's own parameters (see int2int operations:show NAME) may be given as flags. " +
    'To write examples the way Int2Int does (data.prefix in the experiment folder), use int2int train --export_data true.';
  static override strict = false;
  static override flags = {
    ...Object.fromEntries(
      Object.entries(GENERATE_PARAMETERS).map(([name, spec]) => [
        name,
        Flags.string({ description: `${spec.help} (${describeDefault(spec)})` }),
      ]),
    ),
    seed: Flags.string({ description: 'Another name for --env_base_seed' }),
  };
  static override usage = 'generate --operation NAME --count N [--PARAMETER VALUE]...';
  static override examples = [
    '<%= config.bin %> generate --operation gcd --count 1000000 --output ./gcd-data --seed 0',
    '<%= config.bin %> generate --operation modular_add --modulus 97 --count 200000 --valid_size 5000 --test_size 5000',
  ];

  async run(): Promise<void> {
    this.parsed = true; // the arguments are read by parseArgv, with Int2Int's rules (--flag value)
    try {
      const flags = resolveSeedAlias(parseArgv(this.argv));
      const settings = resolveParams(GENERATE_PARAMETERS, (name) =>
        flags.has(name) ? { source: `--${name}`, raw: flags.get(name) } : undefined,
      );
      if (!settings.operation) throw new UsageError('--operation is required, e.g. --operation gcd');
      if (settings.count <= 0) throw new UsageError('--count is required: the number of examples to draw');
      const { failures } = loadOperations(
        this.config,
        (await loadConfigFile(process.cwd()))?.plugins ?? [],
        process.cwd(),
      );
      warnPluginFailures(failures);
      const operationParams = Object.fromEntries(
        [...flags].filter(([name]) => !(name in GENERATE_PARAMETERS)),
      );
      const name = settings.operation;
      const { operation, entry } = buildOperation(name, typedOperationParams(name, operationParams));
      if (entry.meta.generates === false)
        throw new UsageError(`Operation ${name} reads files: it cannot generate`);
      const outDir = path.resolve(settings.output);
      const counts = await generateDataset({
        operation,
        name,
        vocab: Vocabulary.fromSymbols(operation.inputTokenizer.symbols, operation.outputTokenizer.symbols),
        seed: settings.env_base_seed,
        count: settings.count,
        validSize: settings.valid_size,
        testSize: settings.test_size,
        maxLen: settings.max_len,
        outDir,
        prefix: settings.prefix,
        onProgress: (drawn, count) => this.log(`${drawn}/${count} examples drawn`),
      });
      const file = (split: string) => path.join(outDir, `${settings.prefix}.${split}`);
      this.log(
        `Drew ${counts.drawn} examples: ${counts.tooLong} too long and ${counts.duplicates} duplicates dropped.\n` +
          `${file('train')}: ${counts.train}\n${file('valid')}: ${counts.valid}\n${file('test')}: ${counts.test}`,
      );
    } catch (error) {
      exitWithError(this, error);
    }
  }
}

/** `--seed`, the name dataset generators use for their seed, is Int2Int's `--env_base_seed`. */
function resolveSeedAlias(flags: RawFlags): RawFlags {
  const seed = flags.get('seed');
  if (seed === undefined) return flags;
  if (flags.has('env_base_seed'))
    throw new UsageError(
      '--seed and --env_base_seed are the same setting (the generator seed): give one of them',
    );
  const resolved = new Map([...flags].filter(([name]) => name !== 'seed'));
  return resolved.set('env_base_seed', seed);
}

/** Converts raw flag strings to the types the operation declares (unknown names are left to buildOperation). */
function typedOperationParams(name: string, raw: Record<string, string>) {
  const specs = operationRegistry().get(name).meta.params ?? {};
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [
      key,
      specs[key] ? convertValue(`--${key}`, specs[key], value) : value,
    ]),
  );
}
