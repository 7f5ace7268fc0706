// `int2int sweep:cancel`: stops a sweep's runs: scancel of its queued and running Slurm tasks, a clean stop
// (SIGTERM: each saves a checkpoint) of the runs this machine runs.
import { Args, Command } from '@oclif/core';
import { pointStatuses } from '../../../sweep/point-status';
import { isActive, scancel } from '../../../sweep/slurm-commands';
import { readSweepFile, sweepDir } from '../../../sweep/sweep-file';
import { liveSweepProcess } from '../../../sweep/sweep-process';
import { exitWithError } from '../../exit-with-error';

export default class SweepCancel extends Command {
  static override summary = "Cancel a sweep's queued and running runs (the same sweep command resumes them)";
  static override description =
    'On Slurm: scancel of every array task of the sweep that is pending or running (a running run receives SIGTERM ' +
    'and saves a checkpoint first). A sweep running on this machine (--executor local) is asked to stop the same way: ' +
    'its running runs save a checkpoint and stop, and no other starts. The same sweep command resumes them.';
  static override args = {
    sweep: Args.string({ description: "the sweep's folder (dump_path/exp_name)", required: true }),
  };
  static override examples = ['<%= config.bin %> sweep:cancel dumped/bases'];

  async run(): Promise<void> {
    const { args } = await this.parse(SweepCancel);
    try {
      const sweep = readSweepFile(args.sweep);
      const statuses = pointStatuses(sweep);
      const tasks = statuses.flatMap((status) =>
        isActive(status.slurm) && status.slurmTask ? [status.slurmTask] : [],
      );
      scancel(tasks);
      // runs of this machine (--executor local): the sweep's process passes the signal on to its runs (once);
      // without it, each process holding a run's lock is asked to stop
      const sweepProcess = liveSweepProcess(sweepDir(sweep));
      const local = sweepProcess
        ? [{ id: 'the sweep', pid: sweepProcess.pid }]
        : statuses.flatMap((status) => {
            const pid = status.run?.holder?.pid;
            return pid !== undefined && !isActive(status.slurm) ? [{ id: status.point.id, pid }] : [];
          });
      for (const { pid } of local) process.kill(pid, 'SIGTERM');
      const stopped = [
        ...tasks.map((task) => `Slurm task ${task}`),
        ...local.map(({ id, pid }) => `${id} (process ${pid})`),
      ];
      this.log(
        stopped.length ? `Cancelled: ${stopped.join(', ')}` : 'Nothing of this sweep is queued or running.',
      );
    } catch (error) {
      exitWithError(this, error);
    }
  }
}
