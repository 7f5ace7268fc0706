// Smoke test of the Slurm test cluster (test/slurm-cluster.ts): job arrays, throttling, scancel, requeue, signals.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FINAL_STATES, type SlurmCluster, type SlurmTask, slurmMissing, startSlurm } from './slurm-cluster';

const missing = slurmMissing(); // throws in CI where Slurm is not installed
if (missing) console.warn(`Skipping the Slurm cluster tests: ${missing}`);

/** The most intervals [start, end) that overlap at one moment. */
function maxOverlap(intervals: [number, number][]): number {
  return Math.max(
    ...intervals.map(([at]) => intervals.filter(([start, end]) => start <= at && at < end).length),
  );
}

(missing ? describe.skip : describe)('a real single-node Slurm cluster', () => {
  let cluster: SlurmCluster;
  let work: string;
  const script = (name: string, body: string) => {
    const file = path.join(work, name);
    fs.writeFileSync(file, `#!/bin/bash\n${body}\n`, { mode: 0o755 });
    return file;
  };
  const sbatch = (args: string[]) =>
    cluster.sbatch(['--chdir', work, '--mem=100M', '-o', `${work}/%x_%A_%a.out`, ...args]);

  beforeAll(async () => {
    const started = await startSlurm();
    if (!started) throw new Error('no Slurm cluster'); // slurmMissing() said it could start
    cluster = started;
    work = path.join(cluster.base, 'work');
    fs.mkdirSync(work);
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 120_000);

  it('runs the 4 tasks of an --array=0-3%2, at most 2 at a time, and keeps their final states', async () => {
    const file = script(
      'array.sh',
      'start=$(date +%s.%N); sleep 2; echo "$SLURM_ARRAY_TASK_ID $start $(date +%s.%N)" > "task-$SLURM_ARRAY_TASK_ID.txt"',
    );
    const job = sbatch(['--array=0-3%2', file]);
    // squeue -r -t all lists every task, pending, running and ended
    const polls: SlurmTask[][] = [];
    const tasks = await cluster
      .waitFor(
        job,
        (now) =>
          polls.push(now) > 0 && now.length === 4 && now.every((task) => FINAL_STATES.includes(task.state)),
      )
      .catch((error: Error) => {
        throw new Error(`${error.message}\n${cluster.log('slurmctld')}`);
      });
    expect(polls[0].map((task) => task.id)).toEqual([0, 1, 2, 3].map((index) => `${job}_${index}`));
    const seen = new Set(polls.flat().map((task) => `${task.state} (${task.reason})`));
    expect(seen).toContain('RUNNING (None)');
    expect(seen).toContain('PENDING (JobArrayTaskLimit)');
    expect(tasks.map((task) => [task.id, task.arrayJobId, task.arrayTaskId, task.state])).toEqual(
      [0, 1, 2, 3].map((index) => [`${job}_${index}`, Number(job), index, 'COMPLETED']),
    );
    const intervals = [0, 1, 2, 3].map((index) => {
      const [id, start, end] = fs
        .readFileSync(path.join(work, `task-${index}.txt`), 'utf8')
        .trim()
        .split(' ');
      expect(id).toBe(String(index));
      return [Number(start), Number(end)] as [number, number];
    });
    expect(maxOverlap(intervals)).toBeLessThanOrEqual(2);
    // scontrol show job: one record per task, with its exit code
    const records = cluster.showJob(job).sort((a, b) => Number(a.ArrayTaskId) - Number(b.ArrayTaskId));
    expect(records.map((record) => [record.ArrayTaskId, record.JobState, record.ExitCode])).toEqual(
      [0, 1, 2, 3].map((index) => [String(index), 'COMPLETED', '0:0']),
    );
    console.log(`array ${job}: tasks ran ${JSON.stringify(intervals)}, max ${maxOverlap(intervals)} at once`);
  });

  it('cancels a running task (CANCELLED), and runs again a task that requeued itself on scancel --signal=USR1', async () => {
    // task 0 waits to be cancelled; task 1 requeues itself on USR1, and in its second run says so and ends
    const file = script(
      'requeue.sh',
      [
        'trap \'scontrol requeue "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"\' USR1',
        'echo "restart=${SLURM_RESTART_COUNT:-unset} $(date +%s.%N)" >> "runs-$SLURM_ARRAY_TASK_ID.txt"',
        '[ "${SLURM_RESTART_COUNT:-0}" -gt 0 ] && exit 0',
        'while :; do sleep 1 & wait $!; done',
      ].join('\n'),
    );
    const runs = (index: number) => {
      const file = path.join(work, `runs-${index}.txt`);
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n') : [];
    };
    const job = sbatch(['--array=0-1', '--open-mode=append', file]);
    // both running, their traps set
    await cluster.waitFor(
      job,
      (tasks) =>
        tasks.every((task) => task.state === 'RUNNING') && runs(0).length === 1 && runs(1).length === 1,
    );

    cluster.run('scancel', [`${job}_0`]);
    const signalled = Date.now() / 1000;
    cluster.run('scancel', ['--signal=USR1', '--batch', `${job}_1`]);
    const pending = await cluster.waitFor(job, (tasks) =>
      tasks.some((task) => task.id === `${job}_1` && task.restarts > 0 && task.state === 'PENDING'),
    );
    const requeued = pending.find((task) => task.id === `${job}_1`);
    expect(requeued?.reason).toBe('BeginTime'); // held until cred_expire (5 s) has passed
    const tasks = await cluster.waitForEnd(job, 2, 60_000);
    expect(tasks.map((task) => [task.id, task.state, task.restarts])).toEqual([
      [`${job}_0`, 'CANCELLED', 0],
      [`${job}_1`, 'COMPLETED', 1],
    ]);
    expect(runs(1).map((line) => line.split(' ')[0])).toEqual(['restart=unset', 'restart=1']);
    const rerun = Number(runs(1)[1].split(' ')[1]);
    console.log(
      `requeued task ${job}_1: ${requeued?.state} (${requeued?.reason}) after the requeue, ran again ` +
        `${(rerun - signalled).toFixed(1)} s after the USR1`,
    );
    expect(rerun - signalled).toBeLessThan(30); // ~6 s (AuthInfo cred_expire=5), not the default 121 s
    const record = cluster.showJob(`${job}_1`)[0];
    expect([record.JobState, record.Restarts, record.ExitCode]).toEqual(['COMPLETED', '1', '0:0']);
  }, 90_000);

  it('sends --signal=B:USR1@50 to the batch shell of a --time=1 job before its time limit', async () => {
    const file = script(
      'signal.sh',
      'trap \'echo "USR1 after $SECONDS s"; exit 0\' USR1\necho started\nwhile :; do sleep 1 & wait $!; done',
    );
    const job = sbatch(['--time=1', '--signal=B:USR1@50', '-o', `${work}/signal-%j.out`, file]);
    const [task] = await cluster.waitForEnd(job, 1, 100_000);
    const output = fs.readFileSync(path.join(work, `signal-${job}.out`), 'utf8');
    console.log(`job ${job} with --signal=B:USR1@50 --time=1: ${output.replace(/\n/g, '; ')}`);
    expect(task.state).toBe('COMPLETED');
    // (slurmstepd then sends SIGCONT too, and may log that it failed: the shell has ended)
    expect(output).toMatch(/^started\nUSR1 after \d+ s\n/);
  }, 120_000);
});
