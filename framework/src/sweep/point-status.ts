// Where each point of a sweep stands: its run's own files (params.json, events.jsonl, lock) and, for a sweep
// submitted to Slurm, what squeue says of its latest array task.
import { RunIndex, type RunInfo } from '../results/run-discovery';
import type { RunState } from '../results/run-summary';
import { arrayTaskStates, isActive, type SlurmTaskState } from './slurm-commands';
import type { SweepFile } from './sweep-file';
import type { SweepPoint } from './sweep-points';

export type PointState = RunState | 'not started';

export interface PointStatus {
  point: SweepPoint;
  /** From the run's files: finished, running, stopped, failed, diverged, or not started (no run folder yet). */
  state: PointState;
  run?: RunInfo;
  /** The point's latest array task (JOBID_TASK), when the sweep was submitted to Slurm. */
  slurmTask?: string;
  /** What squeue says of it, while Slurm remembers it. */
  slurm?: SlurmTaskState;
}

/** The array task that runs a point: the one of the latest submission that holds it. */
function latestTask(sweep: SweepFile, point: SweepPoint): string | undefined {
  const submission = [...sweep.submissions].reverse().find((s) => s.indices.includes(point.index));
  return submission && `${submission.jobId}_${point.index}`;
}

export function pointStatuses(sweep: SweepFile, now = Date.now()): PointStatus[] {
  const runs = new Map(
    new RunIndex(sweep.dumpPath, { expNames: [sweep.expName] })
      .scan(new Set(), now)
      .filter((run) => run.kind === 'train')
      .map((run) => [run.expId, run]),
  );
  const tasks = sweep.points.map((point) => latestTask(sweep, point));
  const jobIds = [...new Set(sweep.submissions.map((submission) => submission.jobId))];
  const slurm = jobIds.length > 0 ? arrayTaskStates(jobIds) : new Map<string, SlurmTaskState>();
  return sweep.points.map((point, i) => {
    const run = runs.get(point.id);
    const task = tasks[i];
    return {
      point,
      state: run?.state ?? 'not started',
      run,
      ...(task && { slurmTask: task, slurm: slurm.get(task) }),
    };
  });
}

/** Whether a point must be run (or submitted) again: its run did not finish, and nothing runs it or will. */
export function needsRun(status: PointStatus): boolean {
  if (status.state === 'finished') return false;
  if (isActive(status.slurm)) return false;
  return !(status.state === 'running' && status.run?.holder !== undefined);
}
