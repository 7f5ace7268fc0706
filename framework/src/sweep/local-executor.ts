// Runs a sweep's points on this machine: each its own `int2int train` process, at most `parallel` at a time, the
// CPU threads shared between them; Ctrl-C or SIGTERM asks every running one to checkpoint and stop.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface LocalTask {
  /** The point's id, for the messages. */
  id: string;
  /** `int2int train` and its settings (the node binary and the CLI script come first). */
  argv: string[];
  /** Where its console output is appended. */
  outputFile: string;
}

export interface LocalOutcome {
  id: string;
  /** The process's exit code (or 128 + the signal that ended it). */
  exitCode: number;
}

export interface LocalExecutorOptions {
  parallel: number;
  cwd: string;
  /** A line for the user: a run started or ended. */
  report: (line: string) => void;
  /** What a run that ended printed last, to say why it failed. */
  describeEnd?: (task: LocalTask, exitCode: number) => string;
}

/** The threads each run computes with when `parallel` runs share this machine (INT2INT_THREADS, at least 1). */
export function threadsPerRun(parallel: number, cores = os.availableParallelism()): number {
  return Math.max(1, Math.floor(cores / parallel));
}

/**
 * Runs the tasks, `parallel` at a time, in order; resolves once every started one has ended. A first SIGINT or
 * SIGTERM starts no more and passes the signal on to each running process (which checkpoints and stops); a second
 * passes it on again (they quit at once).
 */
export async function runLocally(
  tasks: readonly LocalTask[],
  options: LocalExecutorOptions,
): Promise<{
  outcomes: LocalOutcome[];
  stoppedBy?: NodeJS.Signals;
}> {
  const threads =
    process.env.INT2INT_THREADS ?? String(threadsPerRun(Math.min(options.parallel, tasks.length)));
  const running = new Map<ChildProcess, LocalTask>();
  const outcomes: LocalOutcome[] = [];
  let stoppedBy: NodeJS.Signals | undefined;
  let next = 0;
  let done = 0;

  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (stoppedBy === undefined) {
        stoppedBy = signal;
        options.report(
          `Received ${signal}: ${running.size} running run${running.size === 1 ? '' : 's'} save a checkpoint and ` +
            'stop; no other run starts. Run the same sweep command again to resume.',
        );
      }
      for (const child of running.keys()) child.kill(signal);
    };
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
    for (const signal of signals) process.on(signal, onSignal);

    const finish = () => {
      for (const signal of signals) process.off(signal, onSignal);
      resolve({ outcomes, stoppedBy });
    };
    const startNext = () => {
      while (stoppedBy === undefined && running.size < options.parallel && next < tasks.length) {
        start(tasks[next++]);
      }
      if (running.size === 0) finish();
    };
    const start = (task: LocalTask) => {
      fs.mkdirSync(path.dirname(task.outputFile), { recursive: true });
      const output = fs.openSync(task.outputFile, 'a');
      // its own process group: a Ctrl-C in the terminal reaches the sweep only, which passes it on once
      const child = spawn(task.argv[0], task.argv.slice(1), {
        cwd: options.cwd,
        env: { ...process.env, INT2INT_THREADS: threads, FORCE_COLOR: '0' },
        stdio: ['ignore', output, output],
        detached: true,
      });
      fs.closeSync(output);
      running.set(child, task);
      options.report(
        `Started ${task.id} (${next}/${tasks.length}, ${threads} thread${threads === '1' ? '' : 's'})`,
      );
      child.on('error', (error) => {
        fs.appendFileSync(task.outputFile, `int2int sweep: could not start the run: ${error.message}\n`);
      });
      child.on('close', (code, signal) => {
        running.delete(child);
        const exitCode = code ?? 128 + (signal ? os.constants.signals[signal] : 0);
        outcomes.push({ id: task.id, exitCode });
        done++;
        const end = options.describeEnd?.(task, exitCode) ?? `exit code ${exitCode}`;
        options.report(`Ended ${task.id}: ${end} (${done} of ${tasks.length} done)`);
        startNext();
      });
    };
    startNext();
  });
}
