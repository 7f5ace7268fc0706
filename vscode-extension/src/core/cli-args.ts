// The int2int command lines the extension starts: train with edited parameters, evaluate a run, resume a run (tasks).
import type { OperationDescription } from '../../../framework/src/cli/describe-operation';
import type { RunInfo } from '../../../framework/src/results/run-discovery';

export type OperationInfo = OperationDescription;

/** The output of `int2int operations:list --json`. */
export function parseOperations(stdout: string): OperationInfo[] {
  const value: unknown = JSON.parse(stdout);
  if (!Array.isArray(value)) throw new Error('operations:list --json did not print a list');
  return value as OperationInfo[];
}

/** A fresh exp_id that sorts by start time: 20261128-003512. */
export function newExpId(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}

export interface TrainRequest {
  operation: string;
  /** The parameters the user changed from their defaults (name → value as typed). */
  edits: Readonly<Record<string, string>>;
  dumpPath: string;
  expName: string;
  expId: string;
}

/** What an `int2int` task runs: `COMMAND [--operation OP] ARGS...`. */
export interface Int2IntTaskDefinition {
  type: 'int2int';
  command: 'train' | 'evaluate';
  operation?: string;
  args?: string[];
}

export function taskArgs(definition: Int2IntTaskDefinition): string[] {
  const operation = definition.operation ? ['--operation', definition.operation] : [];
  return [definition.command, ...operation, ...(definition.args ?? [])];
}

/** The train task of a request: `--dump_path D --exp_name N --exp_id I --param value ...` (only edited parameters). */
export function trainTask(request: TrainRequest): Int2IntTaskDefinition {
  const args = [
    '--dump_path',
    request.dumpPath,
    '--exp_name',
    request.expName,
    '--exp_id',
    request.expId,
    ...Object.entries(request.edits).flatMap(([name, value]) => [`--${name}`, value]),
  ];
  return { type: 'int2int', command: 'train', operation: request.operation, args };
}

/** The evaluate task of a run folder, with the edited parameters. */
export function evaluateTask(
  runDir: string,
  edits: Readonly<Record<string, string>> = {},
): Int2IntTaskDefinition {
  const args = [
    '--eval_from_exp',
    runDir,
    ...Object.entries(edits).flatMap(([name, value]) => [`--${name}`, value]),
  ];
  return { type: 'int2int', command: 'evaluate', args };
}

/** The task that resumes a run: params.json's `command` ("int2int train --operation gcd ...") again. */
export function resumeTask(command: string): Int2IntTaskDefinition {
  const words = [...command.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map(
    (match) => match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? match[3],
  );
  if (words[1] !== 'train') throw new Error(`not a train command: ${command}`);
  return { type: 'int2int', command: 'train', args: words.slice(2) };
}

/** The tasks the task provider offers: `resume <exp_name>/<exp_id>` for each train run neither finished nor running. */
export function resumeTasks(
  runs: readonly RunInfo[],
): Array<{ name: string; definition: Int2IntTaskDefinition }> {
  return runs
    .filter((run) => run.state !== 'finished' && run.state !== 'running')
    .filter((run) => run.command !== undefined && /^\S+ train(\s|$)/.test(run.command))
    .map((run) => ({ name: `resume ${run.expName}/${run.expId}`, definition: resumeTask(run.command!) }));
}

/**
 * The tasks that train again with the settings of a run, as a new run (`--exp_id` replaced by a fresh one): what
 * "Tasks: Run Task" offers as `train again like <exp_name>/<exp_id>`.
 */
export function rerunTasks(
  runs: readonly RunInfo[],
  now: Date,
): Array<{ name: string; definition: Int2IntTaskDefinition }> {
  return runs
    .filter(
      (run) => run.kind === 'train' && run.command !== undefined && /^\S+ train(\s|$)/.test(run.command),
    )
    .map((run) => {
      const { args = [], ...definition } = resumeTask(run.command!);
      const at = args.indexOf('--exp_id');
      const fresh =
        at === -1
          ? [...args, '--exp_id', newExpId(now)]
          : args.map((arg, i) => (i === at + 1 ? newExpId(now) : arg));
      return {
        name: `train again like ${run.expName}/${run.expId}`,
        definition: { ...definition, args: fresh },
      };
    });
}
