// End-to-end: a 2x2 grid sweep on this machine, two runs at a time; a run killed part-way is the only one the same
// command runs again, resuming from its checkpoint; sweep:status and the runs table show the grid.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeTempDir, runCli, startCli, withFlags } from './cli-helpers';
import { GRID, lockHolderPid, POINT_IDS, readText, SWEEP_BASE, waitUntil } from './sweep-helpers';

const CORES = os.availableParallelism();

describe('int2int sweep --executor local', () => {
  const cwd = makeTempDir('sweep-local');
  const sweepDir = path.join(cwd, 'dumped', 'grid');
  const sweep = [
    'sweep',
    ...SWEEP_BASE,
    '--exp_name',
    'grid',
    ...GRID,
    '--executor',
    'local',
    '--parallel',
    '2',
  ];
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it('runs the grid two at a time; the same command reruns only the run that was killed, from its checkpoint', async () => {
    const first = startCli(sweep, cwd);
    let exited = false;
    void first.exited.then(() => (exited = true));
    const victim = path.join(sweepDir, POINT_IDS[1]);
    // once the run has saved its first epoch's checkpoint, kill it as a crash or an OOM killer would
    await waitUntil('the first checkpoint of the second run', () => {
      if (exited) throw new Error(`the sweep ended first:\n${first.output()}`);
      return fs.existsSync(path.join(victim, 'checkpoint.ckpt'));
    });
    const pid = lockHolderPid(victim);
    expect(pid).toBeDefined();
    process.kill(pid!, 'SIGKILL');
    const { code } = await first.exited;
    const output = first.output();
    expect(code).toBe(1);
    expect(output).toContain('Sweep grid: 4 runs in');
    // never more than two at once: the third starts only after one of the first two ended
    const lines = output.split('\n');
    const started = lines.map((line, i) => (line.startsWith('Started') ? i : -1)).filter((i) => i >= 0);
    const firstEnd = lines.findIndex((line) => line.startsWith('Ended'));
    expect(started).toHaveLength(4);
    expect(started[2]).toBeGreaterThan(firstEnd);
    const threads = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;
    expect(output).toContain(`(1/4, ${threads(Math.max(1, Math.floor(CORES / 2)))})`);
    expect(output).toMatch(new RegExp(`Ended ${POINT_IDS[1]}: killed by SIGKILL \\(exit code 137\\)`));
    expect(output).toMatch(/Error: 1 of 4 runs did not finish \(base=10,dropout=0\.1\)/);

    const status = runCli(['sweep:status', 'dumped/grid'], cwd);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/^base\s+dropout\s+state\s+epochs/m);
    expect(status.stdout).toMatch(/^10\s+0\.1\s+stopped/m);
    expect(status.stdout).toContain('4 runs: 3 finished, 1 stopped');

    const again = runCli(sweep, cwd);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('3 finished, 0 running or queued, 1 to run');
    expect(again.stdout.match(/^Started /gm)).toHaveLength(1);
    expect(again.stdout).toContain(`Started ${POINT_IDS[1]} (1/1, ${threads(CORES)})`); // alone: every core
    // killed after epoch 0's first checkpoint: the one written before its evaluation, or the one after
    expect(readText(path.join(victim, 'train.log'))).toMatch(
      /Checkpoint reloaded\. Resuming at epoch (1 |0 \/ iteration 100 \.\.\. \(epoch 0 trained, not yet evaluated)/,
    );

    const done = runCli(['sweep:status', 'dumped/grid', '--json'], cwd);
    const rows = JSON.parse(done.stdout) as Array<{ id: string; state: string; epochs: number }>;
    expect(rows.map((row) => [row.id, row.state, row.epochs])).toEqual(
      POINT_IDS.map((id) => [id, 'finished', 3]),
    );

    // the results table: one row per run, the grid keys as columns (the seeds too: each run drew its own)
    const table = runCli(['runs', '--exp_name', 'grid'], cwd);
    expect(table.status).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/\bbackend\s+base\s+dropout\s+env_base_seed$/);
    expect(table.stderr).toBe(''); // the sweep's own folder (.sweep) is no run to warn about
    const csv = runCli(['runs', '--exp_name', 'grid', '--csv'], cwd).stdout.trim().split('\n');
    const columns = csv[0].split(',');
    expect(csv).toHaveLength(5);
    const cell = (line: string, name: string) => line.split(',').at(columns.indexOf(name) - columns.length);
    expect(csv.slice(1).map((line) => `${cell(line, 'base')} ${cell(line, 'dropout')}`)).toEqual([
      '10 0',
      '10 0.1',
      '30 0',
      '30 0.1',
    ]);

    // nothing left to do: the same command says so and runs nothing
    const nothing = runCli(sweep, cwd);
    expect(nothing.stdout).toContain('4 finished, 0 running or queued, 0 to run');
    expect(nothing.stdout).not.toContain('Started');
  });

  it('sweep:cancel stops a sweep running here: its runs save a checkpoint, no other starts; a second sweep is refused', async () => {
    const long = [
      'sweep',
      ...withFlags(SWEEP_BASE, '--max_epoch', '100'),
      '--exp_name',
      'long',
      '--grid',
      'base=10,30,50',
    ];
    const running = startCli([...long, '--parallel', '2'], cwd);
    const first = path.join(cwd, 'dumped', 'long', 'base=10');
    await waitUntil('the first checkpoint', () => fs.existsSync(path.join(first, 'checkpoint.ckpt')));
    const second = runCli([...long, '--parallel', '1'], cwd);
    expect(second.stderr).toMatch(
      /^Error: .*dumped\/long is run by process \d+ .*: wait for it to end, or stop it with int2int sweep:cancel/m,
    );
    const cancel = runCli(['sweep:cancel', 'dumped/long'], cwd);
    expect(cancel.stdout).toBe(`Cancelled: the sweep (process ${running.pid})\n`);
    const { code } = await running.exited;
    expect(code).toBe(143);
    expect(running.output()).toContain(
      'Received SIGTERM: 2 running runs save a checkpoint and stop; no other run starts.',
    );
    const rows = JSON.parse(runCli(['sweep:status', 'dumped/long', '--json'], cwd).stdout) as Array<{
      state: string;
    }>;
    expect(rows.map((row) => row.state)).toEqual(['stopped', 'stopped', 'not started']);
    expect(runCli(['sweep:cancel', 'dumped/long'], cwd).stdout).toBe(
      'Nothing of this sweep is queued or running.\n',
    );
  });

  it('refuses a grid key that no setting has, naming it, before writing anything', () => {
    const result = runCli(['sweep', ...SWEEP_BASE, '--exp_name', 'typo', '--grid', 'bsae=10,30'], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^Error: Run bsae=10 of the sweep: Unknown setting --bsae\. Did you mean --base\?/,
    );
    expect(fs.existsSync(path.join(cwd, 'dumped', 'typo'))).toBe(false);
  });

  it('refuses a setting given both for every run and by the grid', () => {
    const result = runCli(['sweep', ...SWEEP_BASE, '--exp_name', 'twice', '--grid', 'n_enc_layers=1,2'], cwd);
    expect(result.stderr).toContain(
      "Error: --n_enc_layers is set for every run and by the sweep's points (--grid, --points or --seeds): remove one of them",
    );
  });

  it('says what to do where Slurm has no commands', () => {
    const result = runCli(
      ['sweep', ...SWEEP_BASE, '--exp_name', 'nosl', ...GRID, '--executor', 'slurm'],
      cwd,
      {
        PATH: path.join(cwd, 'no-programs-here'),
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "Error: sbatch not found: --executor slurm needs Slurm's commands on PATH (run int2int on a login node of the " +
        'cluster), or run the sweep with --executor local\n',
    );
  });

  it('refuses Slurm settings without --executor slurm, and --exp_id', () => {
    const slurmOnly = runCli(['sweep', ...SWEEP_BASE, '--exp_name', 'x', ...GRID, '--time', '10'], cwd);
    expect(slurmOnly.stderr).toContain(
      'Error: --time is a setting of Slurm jobs: add --executor slurm, or remove it',
    );
    const expId = runCli(['sweep', ...SWEEP_BASE, '--exp_name', 'x', ...GRID, '--exp_id', 'a'], cwd);
    expect(expId.stderr).toContain(
      'Error: --exp_id: each run of a sweep is named after its settings: remove --exp_id',
    );
    expect(fs.existsSync(path.join(cwd, 'dumped', 'x'))).toBe(false);
  });
});
