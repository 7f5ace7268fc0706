// The events.jsonl contract: one typed JSON object per line, written by a run and read by the editor extension.
import type { ParamValue } from '../operations/parameters';

interface EventBase {
  /** ISO-8601 time the event was written. */
  time: string;
  /** Seconds since the run started. */
  elapsed: number;
}

export interface RunStartEvent extends EventBase {
  type: 'run_start';
  runDir: string;
  operation: string;
  params: Record<string, ParamValue>;
  backend: string;
  vocabularySize: number;
  parameterCount: { encoder: number; decoder: number };
  resumedFrom?: { epoch: number; iteration: number };
}

export interface LogEvent extends EventBase {
  type: 'log';
  level: LogLevel;
  message: string;
}

export interface TrainStatsEvent extends EventBase {
  type: 'train_stats';
  epoch: number;
  step: number;
  examplesPerSecond: number;
  wordsPerSecond: number;
  loss: number;
  learningRate: number;
}

export interface ClassResult {
  name: string;
  correct: number;
  total: number;
}

export interface Mistake {
  problem: string;
  predicted: string;
  expected: string;
}

export interface EvaluationEvent extends EventBase {
  type: 'evaluation';
  epoch: number;
  /** valid, test, test2, ... */
  split: string;
  /** The scores of this split, named as in Int2Int (valid_arithmetic_acc, ...). */
  metrics: Record<string, number>;
  classes: ClassResult[];
  mistakes: Mistake[];
}

export interface CheckpointEvent extends EventBase {
  type: 'checkpoint';
  epoch: number;
  path: string;
  kind: 'last' | 'best' | 'periodic';
  metric?: string;
}

export interface RunEndEvent extends EventBase {
  type: 'run_end';
  status: 'finished' | 'stopped' | 'failed';
  message?: string;
}

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

export type RunEvent =
  RunStartEvent | LogEvent | TrainStatsEvent | EvaluationEvent | CheckpointEvent | RunEndEvent;

/** An event as a caller builds it: the logger stamps time and elapsed. */
export type RunEventInput = RunEvent extends infer E
  ? E extends RunEvent
    ? Omit<E, 'time' | 'elapsed'>
    : never
  : never;
