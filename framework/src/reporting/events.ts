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
  /** The backend line of the log: `native (OpenBLAS 0.3.21 matmul, ...)`, `wasm (WebAssembly SIMD, ...)`. */
  backend: string;
  vocabularySize: number;
  /** Trainable parameters of each module the architecture has. */
  parameterCount: Partial<Record<'encoder' | 'decoder', number>>;
  /**
   * Set when the run continues a checkpoint: what that checkpoint holds. Events of earlier runs of the
   * experiment beyond that point (training steps after `iteration`, evaluations of `epoch` and later) were lost
   * with the process that wrote them and are done again.
   */
  resumedFrom?: {
    epoch: number;
    iteration: number;
    /** Set when the checkpoint was written before the end of `epoch` (a stop, or before its evaluation). */
    progress?: CheckpointProgress;
  };
}

/** How far a checkpoint written before the end of its epoch went. */
export interface CheckpointProgress {
  phase: 'training' | 'evaluating';
  /** Training examples of the epoch done. */
  examples: number;
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
  /** Batches dropped since the previous report for a non-finite loss or gradient (--nan_policy skip). */
  skipped?: number;
  /** With --enc_act / --dec_act: the mean number of passes per token through the halting layer, by module. */
  actPasses?: Partial<Record<'encoder' | 'decoder', number>>;
}

export interface ClassResult {
  name: string;
  correct: number;
  total: number;
  /** The class's accuracy (%) where only it is known: an original Int2Int log counts only classes with a success. */
  accuracy?: number;
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

/** Written once the checkpoint file is complete on disk, just before it replaces the previous one. */
export interface CheckpointEvent extends EventBase {
  type: 'checkpoint';
  /** The last epoch completed, or the epoch in progress when `progress` is set. */
  epoch: number;
  step: number;
  path: string;
  kind: 'last' | 'best' | 'periodic';
  metric?: string;
  progress?: CheckpointProgress;
}

export interface RunEndEvent extends EventBase {
  type: 'run_end';
  /** stopped: by a signal (Ctrl-C, SIGTERM, SIGUSR1), resumable; diverged: a non-finite loss or weights. */
  status: 'finished' | 'stopped' | 'failed' | 'diverged';
  /** The signal that stopped the run. */
  signal?: string;
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
