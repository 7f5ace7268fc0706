// End-to-end on a real single-node Slurm cluster: a 2x2 grid sweep as a job array, at most two tasks at a time; a
// task cancelled part-way is the only one the same command resubmits, and it resumes from its checkpoint; a task sent
// SIGUSR1 (Slurm's time-limit warning) checkpoints and is requeued; sweep:status, sweep:cancel and the runs table.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, runCli, withFlags } from './cli-helpers';
import { slurmMissing, startSlurm, type SlurmCluster } from './slurm-cluster';
import { GRID, lockHolderPid, POINT_IDS, readText, SWEEP_BASE, waitUntil } from './sweep-helpers';

interface StatusRow {
  id: string;
  state: string;
  epochs?: number;
  slurm?: string;
}

const missing = slurmMissing(); // throws in CI where Slurm is not installed
if (missing) console.warn(`Skipping the sweep tests on Slurm: ${missing}`);

(missing ? describe.skip : describe)('int2int sweep --executor slurm', () => {
  const cwd = makeTempDir('sweep-slurm');
  const sweepDir = path.join(cwd, 'dumped', 'grid');
  const sweep = [
    'sweep',
    ...SWEEP_BASE,
    '--exp_name',
    'grid',
    ...GRID,
    '--executor',
    'slurm',
    '--max_running',
    '2',
  ];
  let cluster: SlurmCluster | undefined;
  const slurm = (command: string, args: string[]) =>
    spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...cluster!.env } });
  const cli = (args: string[]) => runCli(args, cwd, cluster!.env);
  const status = (dir = 'dumped/grid'): StatusRow[] =>
    JSON.parse(cli(['sweep:status', dir, '--json']).stdout) as StatusRow[];
  const taskState = (task: string) => cluster!.jobState(task);

  beforeAll(async () => {
    cluster = await startSlurm();
    if (!cluster) throw new Error('no Slurm cluster'); // slurmMissing() said it could start
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
    fs.rmSync(cwd, { recursive: true, force: true });
  }, 120_000);

  it('runs a 2x2 grid as a job array; resubmits only the cancelled run; requeues the one warned by SIGUSR1', async () => {
    const submitted = cli(sweep);
    expect(submitted.status).toBe(0);
    const job = /Submitted batch job (\d+): 4 array tasks/.exec(submitted.stdout)?.[1];
    expect(job).toBeDefined();
    const script = readText(path.join(sweepDir, '.sweep', 'submit-1.sbatch'));
    expect(script).toContain('#SBATCH --array=0-3%2');
    expect(script).toContain('#SBATCH --signal=B:USR1@120');

    // task 0: cancelled with scancel once it has a checkpoint
    const [cancelled, warned] = POINT_IDS.map((id) => path.join(sweepDir, id));
    await waitUntil('a checkpoint of the first run', () =>
      fs.existsSync(path.join(cancelled, 'checkpoint.ckpt')),
    );
    expect(slurm('scancel', [`${job}_0`]).status).toBe(0);
    // task 1: Slurm's time-limit warning, as --signal=B:USR1 sends it, to the task's batch shell
    await waitUntil('a checkpoint of the second run', () =>
      fs.existsSync(path.join(warned, 'checkpoint.ckpt')),
    );
    const warning = spawn('scancel', ['--signal=USR1', '--batch', `${job}_1`], {
      env: { ...process.env, ...cluster!.env },
      stdio: 'ignore',
    });
    await waitUntil('the warned task requeued', () =>
      readText(path.join(sweepDir, '.sweep', 'slurm', `${job}_1.out`)).includes('requeueing'),
    );
    // (a requeued task may start again once the cluster's cred_expire has passed: 5 s on the test cluster)
    warning.kill();

    await waitUntil(
      'tasks 1-3 finished',
      () => {
        const rows = status();
        return rows.slice(1).every((row) => row.state === 'finished') && rows[0].state !== 'running';
      },
      240_000,
    );
    let rows = status();
    expect(rows[0]).toMatchObject({ id: POINT_IDS[0], state: 'stopped', slurm: `${job}_0 CANCELLED` });
    expect(rows.slice(1).map((row) => row.slurm)).toEqual([1, 2, 3].map((i) => `${job}_${i} COMPLETED`));
    const warnedOutput = readText(path.join(sweepDir, '.sweep', 'slurm', `${job}_1.out`));
    expect(warnedOutput).toContain('Received SIGUSR1: stopping after the current training step');
    expect(warnedOutput).toContain(`int2int sweep: task ${job}_1 (restart 1)`);
    expect(readText(path.join(warned, 'train.log'))).toMatch(
      /Checkpoint reloaded\. Resuming at epoch \d+ \/ iteration \d+/,
    );

    const text = cli(['sweep:status', 'dumped/grid']).stdout;
    expect(text).toMatch(
      /^base\s+dropout\s+state\s+epochs\s+examples\s+best valid_arithmetic_acc \(epoch\)\s+slurm task$/m,
    );
    expect(text).toContain('4 runs: 1 stopped, 3 finished');

    // the same command again: only the cancelled run is submitted, and it resumes from its checkpoint
    const again = cli(sweep);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('3 finished, 0 running or queued, 1 to submit');
    const second = /Submitted batch job (\d+): 1 array task/.exec(again.stdout)?.[1];
    expect(second).toBeDefined();
    expect(readText(path.join(sweepDir, '.sweep', 'submit-2.sbatch'))).toContain('#SBATCH --array=0%2');
    await waitUntil('the resubmitted run finished', () => status()[0].state === 'finished', 240_000);
    rows = status();
    expect(rows.map((row) => [row.state, row.epochs])).toEqual(POINT_IDS.map(() => ['finished', 3]));
    expect(rows[0].slurm).toBe(`${second}_0 COMPLETED`);
    expect(readText(path.join(cancelled, 'train.log'))).toMatch(
      /Checkpoint reloaded\. Resuming at epoch \d+/,
    );

    // never more than two runs at once: the runs' own event times
    expect(maxOverlap(POINT_IDS.map((id) => path.join(sweepDir, id)))).toBeLessThanOrEqual(2);

    // the results table: four runs, the grid keys as columns
    const csv = cli(['runs', '--exp_name', 'grid', '--csv']).stdout.trim().split('\n');
    const columns = csv[0].split(',');
    const cell = (line: string, name: string) => line.split(',').at(columns.indexOf(name) - columns.length);
    expect(csv.slice(1).map((line) => `${cell(line, 'base')} ${cell(line, 'dropout')}`)).toEqual([
      '10 0',
      '10 0.1',
      '30 0',
      '30 0.1',
    ]);
  }, 600_000);

  it('says what to do where Slurm has its commands but no cluster (no slurm.conf)', () => {
    const env = { ...cluster!.env };
    delete env.SLURM_CONF;
    const result = runCli(
      ['sweep', ...SWEEP_BASE, '--exp_name', 'noconf', ...GRID, '--executor', 'slurm'],
      cwd,
      {
        ...env,
        SLURM_CONF: undefined,
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^Error: sbatch finds no Slurm cluster here \(no slurm.conf, SLURM_CONF unset\): run int2int on a login node of the cluster, or run the sweep with --executor local/,
    );
  });

  it('sweep:cancel cancels the running and pending tasks of a sweep', async () => {
    const long = [
      'sweep',
      ...withFlags(SWEEP_BASE, '--max_epoch', '50'),
      '--exp_name',
      'long',
      '--grid',
      'base=10,30',
    ];
    const submitted = cli([...long, '--executor', 'slurm', '--max_running', '1']);
    expect(submitted.status).toBe(0);
    const job = /Submitted batch job (\d+)/.exec(submitted.stdout)?.[1];
    await waitUntil(
      'the first run started',
      () => lockHolderPid(path.join(cwd, 'dumped', 'long', 'base=10')) !== undefined,
    );
    const cancel = cli(['sweep:cancel', 'dumped/long']);
    expect(cancel.status).toBe(0);
    expect(cancel.stdout).toBe(`Cancelled: Slurm task ${job}_0, Slurm task ${job}_1\n`);
    await waitUntil('both tasks cancelled', () =>
      status('dumped/long').every((row) => row.state !== 'running'),
    );
    expect(taskState(`${job}_0`)).toBe('CANCELLED');
    expect(cli(['sweep:cancel', 'dumped/long']).stdout).toBe('Nothing of this sweep is queued or running.\n');
  }, 300_000);

  it('a run warned of its time limit (--time 1 --signal_seconds 50) checkpoints, requeues and resumes', async () => {
    const limited = [
      'sweep',
      ...withFlags(SWEEP_BASE, '--max_epoch', '100'),
      '--exp_name',
      'limit',
      '--grid',
      'base=10',
    ];
    const submitted = cli([...limited, '--executor', 'slurm', '--time', '1', '--signal_seconds', '50']);
    expect(submitted.status).toBe(0);
    const job = /Submitted batch job (\d+)/.exec(submitted.stdout)?.[1];
    const output = path.join(cwd, 'dumped', 'limit', '.sweep', 'slurm', `${job}_0.out`);
    // Slurm checks time limits about every 30 s: the warning comes 10 to 40 s after the start
    await waitUntil(
      'the task started again',
      () => readText(output).includes(`task ${job}_0 (restart 1)`),
      180_000,
    );
    expect(readText(output)).toContain('Received SIGUSR1: stopping after the current training step');
    expect(readText(output)).toContain(`the run checkpointed before the time limit; requeueing ${job}_0`);
    await waitUntil('the run resumed', () =>
      /Checkpoint reloaded\. Resuming at epoch \d+/.test(
        readText(path.join(cwd, 'dumped', 'limit', 'base=10', 'train.log')),
      ),
    );
    expect(cli(['sweep:cancel', 'dumped/limit']).stdout).toBe(`Cancelled: Slurm task ${job}_0\n`);
  }, 300_000);

  it('generate --shards 3 --executor slurm: a job array of shards, then a merge job, the same files as here', async () => {
    const generate = [
      'generate',
      '--operation',
      'gcd',
      '--count',
      '3000',
      '--valid_size',
      '200',
      '--test_size',
      '200',
    ];
    const onSlurm = [
      ...generate,
      '--shards',
      '3',
      '--seed',
      '0',
      '--output',
      'on-slurm',
      '--executor',
      'slurm',
    ];
    const submitted = cli(onSlurm);
    expect(submitted.status).toBe(0);
    const [, shardsJob, mergeJob] =
      /Submitted batch job (\d+): 3 shard tasks .* merge job (\d+) runs once they all succeed/.exec(
        submitted.stdout,
      )!;
    expect(shardsJob).toBeDefined();
    await waitUntil('the merge job completed', () => taskState(mergeJob) === 'COMPLETED', 180_000);
    const here = cli([...generate, '--shards', '3', '--seed', '0', '--output', 'here']);
    expect(here.status).toBe(0);
    for (const split of ['train', 'valid', 'test'])
      expect(readText(path.join(cwd, 'on-slurm', `data.${split}`))).toBe(
        readText(path.join(cwd, 'here', `data.${split}`)),
      );
    expect(
      readText(path.join(cwd, 'on-slurm', 'data.train'))
        .split('\n')
        .filter(Boolean),
    ).toHaveLength(2600);

    // all shards there: the same command submits the merge alone
    const again = cli(onSlurm);
    expect(again.stdout).toMatch(/shard 0 of 3: reused/);
    expect(again.stdout).toMatch(/Every shard is there; merge job \d+/);
  }, 300_000);
});

/** The most runs whose processes were alive at once, from the times of their events (run_start to run_end). */
function maxOverlap(runDirs: string[]): number {
  const edges: Array<[number, number]> = [];
  for (const dir of runDirs) {
    let start: number | undefined;
    for (const line of readText(path.join(dir, 'events.jsonl')).split('\n').filter(Boolean)) {
      const event = JSON.parse(line) as { type: string; time: string };
      if (event.type === 'run_start') start = Date.parse(event.time);
      if (event.type === 'run_end' && start !== undefined) {
        edges.push([start, 1], [Date.parse(event.time), -1]);
        start = undefined;
      }
    }
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let alive = 0;
  let most = 0;
  for (const [, change] of edges) most = Math.max(most, (alive += change));
  return most;
}
