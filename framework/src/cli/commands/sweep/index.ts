// `int2int sweep`: one `int2int train` run per point of a grid of settings, on this machine or as a Slurm job array.
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, Flags } from '@oclif/core';
import { loadConfigFile } from '../../../config/load-config-file';
import { describeDefault } from '../../../operations/parameters';
import { DEFAULT_METRIC } from '../../../results/run-table';
import { pointStatuses } from '../../../sweep/point-status';
import { runSweep } from '../../../sweep/run-sweep';
import { shellQuote } from '../../../sweep/slurm-script';
import { REPEATABLE, SWEEP_PARAMETERS } from '../../../sweep/sweep-options';
import { renderSweepText, sweepRows } from '../../../sweep/sweep-table';
import { exitWithError } from '../../exit-with-error';
import { loadOperations, warnPluginFailures } from '../../load-operations';

export default class Sweep extends Command {
  static override summary =
    'Train one run per point of a grid of settings, here (--parallel N) or as a Slurm job array';
  static override description =
    'Takes the settings of int2int train (or a --config file) shared by every run, and the grid: --grid name=v1,v2 ' +
    '(repeatable; every combination is a run), --points FILE (explicit points, JSON or YAML) and --seeds 0-4. Each ' +
    'run is dump_path/exp_name/<its settings>, e.g. dumped/bases/base=10,seed=0; the sweep is described in ' +
    'dump_path/exp_name/sweep.json. Running the same command again runs (or submits) only the runs that did not ' +
    'finish, each resuming from its own checkpoint. --executor slurm writes one sbatch script (an array task per ' +
    'run; a time-limit warning checkpoints the run and requeues its task) and submits it. See int2int sweep:status ' +
    'and sweep:cancel.';
  static override strict = false;
  static override usage =
    'sweep --operation NAME --grid NAME=V1,V2 [--grid ...] [--seeds 0-4] [--PARAMETER VALUE]...';
  static override flags = {
    config: Flags.string({
      description: "Read the runs' settings from this config file instead of searching for one",
    }),
    ...Object.fromEntries(
      Object.entries(REPEATABLE).map(([name, help]) => [
        name,
        Flags.string({ description: help, multiple: true }),
      ]),
    ),
    ...Object.fromEntries(
      Object.entries(SWEEP_PARAMETERS).map(([name, spec]) => [
        name,
        Flags.string({ description: `${spec.help} (${describeDefault(spec)})` }),
      ]),
    ),
  };
  static override examples = [
    '<%= config.bin %> sweep --operation gcd --exp_name bases --grid base=10,30 --grid n_enc_layers=2,4 --parallel 2',
    '<%= config.bin %> sweep --operation gcd --exp_name seeds --seeds 0-4 --executor slurm --cpus_per_task 4 --time 4:00:00',
    '<%= config.bin %> sweep --config gcd.yaml --points points.yaml --executor slurm --max_running 8 --sbatch "--account=abc"',
  ];

  async run(): Promise<void> {
    this.parsed = true; // the arguments are read with Int2Int's rules (--flag value), as int2int train reads them
    const cwd = process.cwd();
    let outcome;
    try {
      outcome = await runSweep({
        argv: this.argv,
        cwd,
        command: ['int2int', 'sweep', ...this.argv].map(shellQuote).join(' '),
        cli: [process.execPath, path.join(this.config.root, 'bin', 'run.js')],
        loadConfig: async (explicitPath) => {
          const file = await loadConfigFile(cwd, explicitPath);
          warnPluginFailures(loadOperations(this.config, file?.plugins ?? [], cwd).failures);
          return file;
        },
        report: (line) => this.log(line),
      });
    } catch (error) {
      exitWithError(this, error);
    }
    const { sweep, started } = outcome;
    const dir = path.relative(cwd, path.join(sweep.dumpPath, sweep.expName)) || '.';
    if (outcome.script && !outcome.jobId) {
      this.log(
        `Wrote ${outcome.script} (not submitted: --dry_run true); submit it with: sbatch ${outcome.script}`,
      );
      return;
    }
    if (outcome.jobId) {
      this.log(
        `Submitted batch job ${outcome.jobId}: ${started.length} array task${started.length === 1 ? '' : 's'} ` +
          `(${outcome.script}). Follow it with: int2int sweep:status ${dir}`,
      );
      return;
    }
    this.log(renderSweepText(sweep, sweepRows(sweep, pointStatuses(sweep), DEFAULT_METRIC), DEFAULT_METRIC));
    if (outcome.stoppedBy) {
      this.log(`Stopped. Run the same command again to resume the sweep in ${dir}`);
      this.exit(128 + os.constants.signals[outcome.stoppedBy]);
    }
    const failed = [...(outcome.exitCodes ?? [])].filter(([, code]) => code !== 0).map(([id]) => id);
    if (failed.length) {
      process.stderr.write(
        `Error: ${failed.length} of ${started.length} runs did not finish (${failed.join(' ')}): see their train.log, ` +
          `fix the cause and run the same command again\n`,
      );
      this.exit(1);
    }
  }
}
