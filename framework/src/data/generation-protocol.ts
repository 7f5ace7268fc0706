// Messages between the training process and its generation worker threads.
import type { ParamValues } from '../operations/parameters';
import type { IdExample } from './batch';

export interface GenerationWorkerData {
  entryPoints: string[];
  operation: string;
  operationParams: ParamValues;
  vocabulary: readonly string[];
  maxLen: number;
  batchSize: number;
  seed: number;
  epoch: number;
  /** The logical generator ids (Int2Int's worker ids) this thread hosts. */
  workers: number[];
}

export interface WorkerRequest {
  worker: number;
}

export type WorkerReply =
  | { type: 'batch'; worker: number; examples: IdExample[] }
  | { type: 'error'; worker: number; message: string };
