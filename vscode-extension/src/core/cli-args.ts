// The int2int command lines the extension starts: train with edited parameters, evaluate a run, resume a run (tasks).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OperationDescription } from '../../../framework/src/cli/describe-operation';
import { CORE_PARAMETERS } from '../../../framework/src/config/core-parameters';
import type { RunInfo } from './run-discovery';

export type OperationInfo = OperationDescription;
export type ParamInfo = OperationDescription['params'][number];

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

/** The edits that differ from the defaults; a value that is not valid for its type is an error naming it. */
export function changedParams(params: readonly ParamInfo[], values: Readonly<Record<string, string>>) {
  const edits: Record<string, string> = {};
  for (const param of params) {
    const value = values[param.name];
    if (value === undefined || value === String(param.default)) continue;
    if ((param.type === 'int' || param.type === 'float') && !Number.isFinite(Number(value))) {
      throw new Error(`--${param.name} must be a number, got "${value}"`);
    }
    if (param.type === 'int' && !Number.isInteger(Number(value))) {
      throw new Error(`--${param.name} must be an integer, got "${value}"`);
    }
    edits[param.name] = value;
  }
  return edits;
}

/** The task that resumes a run: params.json's `command` ("int2int train --operation gcd ...") again. */
export function resumeTask(command: string): Int2IntTaskDefinition {
  const words = [...command.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map(
    (match) => match[1]?.replace(/\\(.)/g, '$1') ?? match[2] ?? match[3],
  );
  if (words[1] !== 'train') throw new Error(`not a train command: ${command}`);
  return { type: 'int2int', command: 'train', args: words.slice(2) };
}

/** The parameters "Evaluate" offers to change, in this order. */
export const EVALUATION_PARAMS = [
  'eval_size',
  'eval_data',
  'batch_size_eval',
  'beam_eval',
  'beam_size',
  'max_output_len',
] as const;

/** The evaluation parameters of a run, each with the value its params.json holds (else int2int's default). */
export function evaluationParams(runParams: Readonly<Record<string, unknown>>): ParamInfo[] {
  return EVALUATION_PARAMS.map((name) => {
    const { type, default: fallback, help } = CORE_PARAMETERS[name];
    const value = runParams[name];
    const current = typeof value === typeof fallback ? (value as typeof fallback) : fallback;
    return { name, type, default: current, help, ...(type === 'bool' ? { options: ['true', 'false'] } : {}) };
  });
}

/** A run's params.json: its resolved parameters and the command that started it. */
export function readRunParams(runDir: string): { command: string; params: Record<string, unknown> } {
  return JSON.parse(fs.readFileSync(path.join(runDir, 'params.json'), 'utf8')) as {
    command: string;
    params: Record<string, unknown>;
  };
}

/** The tasks the task provider offers: `resume <exp_name>/<exp_id>` for each run neither finished nor running. */
export function resumeTasks(
  runs: readonly RunInfo[],
): Array<{ name: string; definition: Int2IntTaskDefinition }> {
  return runs
    .filter((run) => run.state !== 'finished' && run.state !== 'running')
    .filter((run) => fs.existsSync(path.join(run.dir, 'params.json')))
    .map((run) => ({ name: `resume ${run.expName}/${run.expId}`, command: readRunParams(run.dir).command }))
    .filter(({ command }) => /^\S+ train(\s|$)/.test(command))
    .map(({ name, command }) => ({ name, definition: resumeTask(command) }));
}
