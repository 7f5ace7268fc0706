// `int2int sweep:status`: where each run of a sweep stands, from the runs' own files and, on Slurm, from squeue.
import { Args, Command, Flags } from '@oclif/core';
import { DEFAULT_METRIC } from '../../../results/run-table';
import { pointStatuses } from '../../../sweep/point-status';
import { readSweepFile } from '../../../sweep/sweep-file';
import { renderSweepText, sweepRows } from '../../../sweep/sweep-table';
import { exitWithError } from '../../exit-with-error';

export default class SweepStatus extends Command {
  static override summary =
    'Show each run of a sweep: its settings, state, progress, best score and Slurm task';
  static override description =
    "Reads SWEEP (the sweep's folder, dump_path/exp_name, which holds sweep.json), each run's params.json, " +
    'events.jsonl and lock, and for a sweep submitted to Slurm what squeue says of its array tasks (Slurm lists a ' +
    'finished task for a few minutes: after that, "gone", and the run\'s own files tell).';
  static override args = {
    sweep: Args.string({ description: "the sweep's folder (dump_path/exp_name)", required: true }),
  };
  static override flags = {
    metric: Flags.string({ description: 'the score shown (best)', default: DEFAULT_METRIC }),
    json: Flags.boolean({ description: 'print the rows as JSON' }),
  };
  static override examples = [
    '<%= config.bin %> sweep:status dumped/bases',
    '<%= config.bin %> sweep:status dumped/bases --json',
  ];

  async run(): Promise<void> {
    const { args, flags } = await this.parse(SweepStatus);
    try {
      const sweep = readSweepFile(args.sweep);
      const rows = sweepRows(sweep, pointStatuses(sweep), flags.metric);
      this.log(flags.json ? JSON.stringify(rows, null, 2) : renderSweepText(sweep, rows, flags.metric));
    } catch (error) {
      exitWithError(this, error);
    }
  }
}
