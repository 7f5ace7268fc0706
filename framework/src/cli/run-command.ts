// Shared behaviour of `int2int train` and `int2int evaluate`: read settings, load plugins, run, report errors.
import { Command, Flags } from '@oclif/core';
import { CORE_PARAMETERS } from '../config/core-parameters';
import { describeDefault } from '../operations/parameters';
import { loadConfigFile } from '../config/load-config-file';
import { parseArgv } from '../config/parse-argv';
import { UsageError } from '../core/usage-error';
import { resolveRunConfig } from '../config/resolve-run-config';
import type { ExperimentLock } from '../experiment/experiment-lock';
import { runExperiment, type ExperimentResult } from '../experiment/run-experiment';
import { RunLogger } from '../reporting/run-logger';
import { DivergenceError } from '../training/divergence-guard';
import { exitWithError } from './exit-with-error';
import { loadOperations, warnPluginFailures } from './load-operations';
import { StopSignals } from './stop-signals';

/** oclif flags listing the core parameters, for --help; values are parsed by parseArgv with Int2Int's rules. */
export const coreParameterFlags = Object.fromEntries(
  Object.entries(CORE_PARAMETERS).map(([name, spec]) => [
    name,
    Flags.string({
      description: `${spec.help} (${describeDefault(spec)})${spec.implemented === false ? ' [not implemented yet]' : ''}`,
      helpGroup: spec.group.toUpperCase(),
    }),
  ]),
);

export abstract class RunCommand extends Command {
  static override strict = false;

  /** Settings this command forces, e.g. eval_only for `evaluate`. */
  protected abstract readonly forced: { eval_only?: 'true' };

  async run(): Promise<void> {
    this.parsed = true; // the arguments are read by parseArgv, with Int2Int's rules (--flag value)
    const { argv, configPath } = extractConfigFlag(this.argv);
    const logger = new RunLogger(undefined, { holdUntilAttached: true });
    const signals = new StopSignals(
      logger,
      this.forced.eval_only
        ? 'after the current batch (an evaluation stopped before its end records no result)'
        : 'after the current training step or evaluation batch, with a checkpoint of where the run stands (the ' +
            'same command resumes it)',
    );
    signals.install();
    let lock: ExperimentLock | undefined;
    let result: ExperimentResult | undefined;
    try {
      const flags = parseArgv(argv);
      if (this.forced.eval_only && !flags.has('eval_from_exp') && !flags.has('reload_model')) {
        throw new UsageError('int2int evaluate needs --eval_from_exp DIR or --reload_model FILE');
      }
      for (const [name, value] of Object.entries(this.forced)) {
        if (flags.has(name) && flags.get(name) !== value)
          throw new UsageError(`--${name} cannot be changed here`);
        flags.set(name, value);
      }
      const file = await loadConfigFile(process.cwd(), configPath);
      const { entryPoints, failures } = loadOperations(this.config, file?.plugins ?? [], process.cwd());
      warnPluginFailures(failures);
      const config = resolveRunConfig(flags, file);
      result = await runExperiment(config, {
        cwd: process.cwd(),
        command: ['int2int', this.id ?? 'train', ...this.argv].map(quoteArgument).join(' '),
        entryPoints,
        logger,
        stopRequested: () => signals.requested,
        onRunDirOpen: (runDirLock) => {
          lock = runDirLock;
          signals.enableCleanStop();
        },
      });
      if (result.outcome === 'stopped') {
        logger.info(
          this.forced.eval_only
            ? `Evaluation stopped before its end: no result was recorded (its log is in ${result.runDir})`
            : `Stopped. Run the same command again to resume from ${result.runDir}`,
        );
        logger.event({ type: 'run_end', status: 'stopped', signal: signals.signal });
      } else {
        logger.event({ type: 'run_end', status: 'finished' });
      }
    } catch (error) {
      const status = error instanceof DivergenceError ? 'diverged' : 'failed';
      const message = (error as Error).message;
      logger.log('ERROR', message, false); // train.log tells why the run ended (the console has it on stderr)
      logger.event({ type: 'run_end', status, message });
      logger.close();
      lock?.release();
      exitWithError(this, error);
    } finally {
      signals.uninstall();
      logger.close();
      lock?.release();
    }
    if (result.outcome === 'stopped') this.exit(signals.exitCode());
  }
}

function extractConfigFlag(argv: readonly string[]): { argv: string[]; configPath?: string } {
  const rest: string[] = [];
  let configPath: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--config') configPath = argv[++i];
    else if (argv[i].startsWith('--config=')) configPath = argv[i].slice('--config='.length);
    else rest.push(argv[i]);
  }
  return { argv: rest, configPath };
}

function quoteArgument(arg: string): string {
  return /^[\w./:=,+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
