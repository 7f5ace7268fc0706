// Worker thread for --num_workers: hosts some of the run's data generators and sends batches to the main thread.
import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { buildOperation } from '../core/build-operation';
import { Rng } from '../core/rng';
import '../operations/builtin';
import { Vocabulary } from '../tokenizers/vocabulary';
import { drawExample, type ExampleFactoryOptions } from './example-factory';
import type { GenerationWorkerData, WorkerReply, WorkerRequest } from './generation-protocol';

const data = workerData as GenerationWorkerData;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plugin entry points are found at run time
for (const entryPoint of data.entryPoints) require(entryPoint);
const { operation } = buildOperation(data.operation, data.operationParams);
const options: ExampleFactoryOptions = {
  operationName: data.operation,
  operation,
  vocab: new Vocabulary(data.vocabulary),
  maxLen: data.maxLen,
};
const rngs = new Map(data.workers.map((w) => [w, new Rng([w, 0, data.seed, data.epoch])]));

parentPort!.on('message', (request: WorkerRequest) => {
  const rng = rngs.get(request.worker)!;
  let reply: WorkerReply;
  try {
    const examples = Array.from({ length: data.batchSize }, () => drawExample(options, rng, 'train'));
    reply = { type: 'batch', worker: request.worker, examples };
  } catch (error) {
    reply = { type: 'error', worker: request.worker, message: (error as Error).message };
  }
  parentPort!.postMessage(reply);
});
