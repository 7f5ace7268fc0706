// Starts and stops a real single-node Slurm cluster (test/slurm/slurm-up.sh, slurm-down.sh) for tests that submit jobs.
//
// What such a cluster does (slurm-wlm 22.05, Debian 12; checked by test/slurm-cluster.test.ts):
// - Every client command needs SLURM_CONF (in `env`); without it, it looks for a configuration in DNS and fails.
// - `squeue -h -r -t all -j JOB` lists each array task ('5_2') while it is pending (-r: one line per task, not
//   '5_[2-3%2]'), running, and for MinJobAge=3600 s after it ended; `tasks()` reads it. RestartCnt only through -O.
// - A requeued task (`scontrol requeue 5_2`) keeps its ids, waits ~6 s in PENDING (Reason=BeginTime: AuthInfo's
//   cred_expire=5, the least Slurm takes; its default, 120, would hold it 121 s), then runs again with
//   SLURM_RESTART_COUNT=1 (unset in its first run). `-o` files are truncated by the new run unless --open-mode=append.
// - `--signal=B:USR1@N` reaches the batch shell, but only at slurmctld's time-limit check (every 30 s): 15 to 30 s
//   after the start for N=50..55 with --time=1. Time limits are whole minutes.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const SCRIPTS = path.join(__dirname, 'slurm');
const SBIN = ['/usr/sbin', '/sbin'];
const NEEDED = ['slurmctld', 'slurmd', 'sbatch', 'squeue', 'scontrol', 'scancel', 'srun', 'sinfo', 'munged'];
/** States after which a job or task never changes again (unless requeued by hand). */
export const FINAL_STATES = [
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TIMEOUT',
  'OUT_OF_MEMORY',
  'NODE_FAIL',
  'PREEMPTED',
  'BOOT_FAIL',
  'DEADLINE',
];

/** One job, or one task of an array, as `squeue -r -t all` lists it. */
export interface SlurmTask {
  /** '5_2' for task 2 of array job 5, '7' for a plain job. */
  id: string;
  /** Slurm's own number for this record (a task that has started gets its own). */
  jobId: number;
  /** The array's job id (the job id itself for a plain job). */
  arrayJobId: number;
  /** The task's index, undefined for a plain job. */
  arrayTaskId?: number;
  /** PENDING, RUNNING, COMPLETING, COMPLETED, FAILED, CANCELLED, TIMEOUT, ... */
  state: string;
  /** Why it is pending (None, Priority, Resources, JobArrayTaskLimit, BeginTime, ...). */
  reason: string;
  /** Times as Slurm prints them (local time, 2026-12-07T20:27:19); undefined where it has none. */
  start?: string;
  end?: string;
  /** How many times it was requeued. */
  restarts: number;
  name: string;
}

export interface SlurmCluster {
  /** The cluster's folder (a fresh temporary one): etc/slurm.conf, log/{slurmctld,slurmd}.log, log/jobcomp.txt. */
  base: string;
  /** $SLURM_CONF: base/etc/slurm.conf. */
  conf: string;
  /** The environment for child processes that use the cluster: this one's, with SLURM_CONF and without SLURM_* etc. */
  env: NodeJS.ProcessEnv;
  ports: { slurmctld: number; slurmd: number };
  /** Runs a client command (sbatch, squeue, scontrol, scancel, sinfo, srun) against the cluster: its stdout; throws on failure. */
  run(command: string, args: string[]): string;
  /** `sbatch --parsable ARGS`: the job id. */
  sbatch(args: string[]): string;
  /** Every task of job `id` ('5', or '5_2' for one task) by task index, or [] where Slurm knows no such job. */
  tasks(id: string): SlurmTask[];
  /** The state of job or task `id` ('5_2'), undefined where Slurm knows none. */
  jobState(id: string): string | undefined;
  /** `scontrol show job -o ID` as key-value records (one per task; Restarts, ExitCode, StdOut, ...); [] if unknown. */
  showJob(id: string): Record<string, string>[];
  /** Polls tasks(id) every 200 ms until `done(tasks)`; throws after timeoutMs with what it last saw. */
  waitFor(id: string, done: (tasks: SlurmTask[]) => boolean, timeoutMs?: number): Promise<SlurmTask[]>;
  /** Waits until job `id` has `count` tasks (1 for a plain job), all in a final state. */
  waitForEnd(id: string, count?: number, timeoutMs?: number): Promise<SlurmTask[]>;
  /** The last `lines` lines of log/slurmctld.log, log/slurmd.log or log/jobcomp.txt, to explain a failure. */
  log(name: 'slurmctld' | 'slurmd' | 'jobcomp', lines?: number): string;
  /** Cancels every job, stops the daemons and job processes, deletes `base`. Never throws before all is stopped. */
  stop(): Promise<void>;
}

function onPath(command: string, dirs: string[]): boolean {
  return dirs.some((dir) => {
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Why no Slurm cluster can start here (slurm-wlm or munge missing, not root), or undefined. In CI (CI=true) that is an
 * error, thrown: there the tests that need Slurm must run, never skip.
 */
export function slurmMissing(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SBIN];
  const missing = NEEDED.filter((command) => !onPath(command, dirs));
  let reason: string | undefined;
  if (missing.length > 0) {
    reason = `Slurm is not installed (no ${missing.join(', ')}): apt-get install -y slurm-wlm munge (as .ci/run does)`;
  } else if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    reason =
      'the test Slurm cluster (test/slurm/slurm-up.sh) runs its daemons as root, on Linux: run the tests as root';
  }
  if (reason && process.env.CI === 'true') throw new Error(reason);
  return reason;
}

/** Two distinct free TCP ports on 127.0.0.1. */
async function freePorts(): Promise<[number, number]> {
  const servers = [net.createServer(), net.createServer()];
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve, reject) => {
          server.on('error', reject);
          server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
        }),
    ),
  );
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return [ports[0], ports[1]];
}

/** Runs a script of test/slurm/ and resolves with its exit status and output (never rejects). */
function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [path.join(SCRIPTS, script), ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      output += `\n(${script} killed after ${timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ status: null, output: `${output}\n${String(error)}` });
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

/** The environment without anything that would point Slurm's commands at another cluster or change their defaults. */
function cleanEnv(conf: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(SLURM|SBATCH|SALLOC|SRUN|SQUEUE|SCONTROL|SINFO|SACCT|SCANCEL)_/.test(key)) env[key] = value;
  }
  const pathDirs = (env.PATH ?? '/usr/bin:/bin').split(path.delimiter);
  env.PATH = [...pathDirs, ...SBIN.filter((dir) => !pathDirs.includes(dir))].join(path.delimiter);
  env.SLURM_CONF = conf;
  return env;
}

const SQUEUE_FIELDS =
  'JobArrayID,JobID,ArrayJobID,ArrayTaskID,State,Reason,StartTime,EndTime,RestartCnt,Name';

/** One line of `squeue -O FIELD:|,...` (each field followed by a '|'). */
function parseTask(line: string): SlurmTask {
  const [id, jobId, arrayJobId, arrayTaskId, state, reason, start, end, restarts, ...name] = line
    .replace(/\|$/, '')
    .split('|');
  const time = (value: string) => (/^\d{4}-/.test(value) ? value : undefined);
  return {
    id,
    jobId: Number(jobId),
    arrayJobId: Number(arrayJobId),
    arrayTaskId: /^\d+$/.test(arrayTaskId) ? Number(arrayTaskId) : undefined,
    state,
    reason,
    start: time(start),
    end: time(end),
    restarts: Number(restarts) || 0,
    name: name.join('|'),
  };
}

/** `scontrol show job -o` output as records: KEY=VALUE pairs (a value ends at the next space). */
function parseShowJob(output: string): Record<string, string>[] {
  return output
    .split('\n')
    .filter((line) => line.trim())
    .map((line) =>
      Object.fromEntries([...line.matchAll(/(?:^|\s)([A-Za-z][\w:/]*)=(\S*)/g)].map((m) => [m[1], m[2]])),
    );
}

/**
 * Starts a fresh cluster in a new temporary folder, on two free loopback ports (takes 1 to 5 s), or returns undefined
 * after saying why (console.warn) where slurmMissing() gives a reason; in CI that throws instead. Call stop() in
 * afterAll: until then the daemons run (a process exit that skipped stop() still stops them).
 */
export async function startSlurm(): Promise<SlurmCluster | undefined> {
  const missing = slurmMissing();
  if (missing) {
    console.warn(`No Slurm cluster: ${missing}`);
    return undefined;
  }
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'int2int-slurm-'));
  const conf = path.join(base, 'etc', 'slurm.conf');
  const env = cleanEnv(conf);
  const [slurmctld, slurmd] = await freePorts();
  const scriptEnv = {
    ...env,
    SLURM_BASE: base,
    SLURMCTLD_PORT: String(slurmctld),
    SLURMD_PORT: String(slurmd),
  };

  let stopped: Promise<void> | undefined;
  const stopSync = () => {
    // the last resort, if the process exits without stop() (a test file that forgot it, process.exit)
    spawnSync('bash', [path.join(SCRIPTS, 'slurm-down.sh'), base], {
      env: scriptEnv,
      stdio: 'ignore',
      timeout: 60_000,
    });
    fs.rmSync(base, { recursive: true, force: true });
  };
  process.once('exit', stopSync);
  const daemonPids = () =>
    ['run/slurmctld.pid', 'run/slurmd.pid', 'munge/munged.pid'].flatMap((file) => {
      try {
        return [Number(fs.readFileSync(path.join(base, file), 'utf8').trim())].filter((pid) => pid > 1);
      } catch {
        return [];
      }
    });
  const isAlive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      const pids = daemonPids();
      const down = await runScript('slurm-down.sh', [base], scriptEnv, 90_000);
      process.removeListener('exit', stopSync);
      const left = pids.filter(isAlive);
      for (const pid of left) process.kill(pid, 'SIGKILL');
      fs.rmSync(base, { recursive: true, force: true });
      if (down.status !== 0 || left.length > 0) {
        throw new Error(
          `slurm-down.sh failed (status ${down.status}, killed ${left.join(' ') || 'none'}):\n${down.output}`,
        );
      }
    })());

  const up = await runScript('slurm-up.sh', [base], scriptEnv, 120_000);
  if (up.status !== 0) {
    const readLog = (file: string) => {
      try {
        return fs.readFileSync(path.join(base, file), 'utf8').split('\n').slice(-30).join('\n');
      } catch {
        return '(none)';
      }
    };
    const logs = `slurmctld.log:\n${readLog('log/slurmctld.log')}\nslurmd.log:\n${readLog('log/slurmd.log')}`;
    await stop().catch(() => undefined);
    throw new Error(`slurm-up.sh failed (status ${up.status}):\n${up.output}\n${logs}`);
  }

  const run = (command: string, args: string[]): string => {
    try {
      return execFileSync(command, args, {
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 30_000,
      });
    } catch (error) {
      const { stderr, status } = error as { stderr?: string; status?: number };
      throw new Error(`${command} ${args.join(' ')} failed (status ${status}): ${stderr ?? String(error)}`);
    }
  };
  const tasks = (id: string): SlurmTask[] => {
    const format = SQUEUE_FIELDS.split(',')
      .map((field) => `${field}:|`)
      .join(',');
    const result = spawnSync('squeue', ['-h', '-r', '-t', 'all', '-j', id, '-O', format], {
      env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (result.status !== 0) {
      if (/Invalid job id/.test(result.stderr)) return [];
      throw new Error(`squeue -j ${id} failed (status ${result.status}): ${result.stderr}`);
    }
    return result.stdout
      .split('\n')
      .filter((line) => line.trim())
      .map(parseTask)
      .sort((a, b) => a.arrayJobId - b.arrayJobId || (a.arrayTaskId ?? -1) - (b.arrayTaskId ?? -1));
  };
  const showJob = (id: string): Record<string, string>[] => {
    const result = spawnSync('scontrol', ['show', 'job', '-o', id], {
      env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (result.status !== 0) {
      if (/Invalid job id/.test(result.stderr)) return [];
      throw new Error(`scontrol show job ${id} failed (status ${result.status}): ${result.stderr}`);
    }
    return parseShowJob(result.stdout);
  };
  const waitFor = async (id: string, done: (tasks: SlurmTask[]) => boolean, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = tasks(id);
      if (done(seen)) return seen;
      if (Date.now() > deadline) {
        throw new Error(`job ${id} not done after ${timeoutMs} ms: ${JSON.stringify(seen)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  return {
    base,
    conf,
    env,
    ports: { slurmctld, slurmd },
    run,
    sbatch: (args) =>
      run('sbatch', ['--parsable', ...args])
        .trim()
        .split(';')[0],
    tasks,
    jobState: (id) => tasks(id).find((task) => task.id === id)?.state,
    showJob,
    waitFor,
    waitForEnd: (id, count = 1, timeoutMs = 60_000) =>
      waitFor(
        id,
        (seen) => seen.length === count && seen.every((task) => FINAL_STATES.includes(task.state)),
        timeoutMs,
      ),
    log: (name, lines = 40) => {
      const file = path.join(base, 'log', name === 'jobcomp' ? 'jobcomp.txt' : `${name}.log`);
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '';
    },
    stop,
  };
}
