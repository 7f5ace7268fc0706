// Messages between the training process and its generation worker threads.
import type { PluginEntryPoint } from '../core/plugins/plugin-loader';
import type { ParamValues } from '../operations/parameters';
import type { IdExample } from './batch';

export interface GenerationWorkerData {
  entryPoints: PluginEntryPoint[];
  operation: string;
  operationParams: ParamValues;
  vocabulary: readonly string[];
  maxLen: number;
  batchSize: number;
  seed: number;
  epoch: number;
  /** The logical generator ids (Int2Int's worker ids) this thread hosts. */
  workers: number[];
  /** The state each of these generators starts from (Rng.state()), in the order of `workers`. */
  states: number[][];
}

export interface WorkerRequest {
  worker: number;
}

export type WorkerReply =
  | { type: 'batch'; worker: number; examples: IdExample[]; state: number[] }
  | { type: 'error'; worker: number; message: string };
