// Worker thread for --num_workers: hosts some of the run's data generators and sends batches to the main thread.
import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { buildOperation } from '../core/build-operation';
import { guardOperation, operationLabel } from '../core/plugin-guard';
import { loadEntryPoint } from '../core/plugins/plugin-loader';
import { Rng } from '../core/rng';
import '../operations/builtin';
import { Vocabulary } from '../tokenizers/vocabulary';
import { drawExample, type ExampleFactoryOptions } from './example-factory';
import type { GenerationWorkerData, WorkerReply, WorkerRequest } from './generation-protocol';

const data = workerData as GenerationWorkerData;
for (const entryPoint of data.entryPoints) loadEntryPoint(entryPoint);
const built = buildOperation(data.operation, data.operationParams);
const options: ExampleFactoryOptions = {
  label: operationLabel(data.operation, built.entry.plugin),
  operation: guardOperation(built.operation, data.operation, built.entry.plugin),
  vocab: new Vocabulary(data.vocabulary),
  maxLen: data.maxLen,
};
const rngs = new Map(data.workers.map((w, i) => [w, Rng.fromState(data.states[i])]));

parentPort!.on('message', (request: WorkerRequest) => {
  const rng = rngs.get(request.worker)!;
  let reply: WorkerReply;
  try {
    const examples = Array.from({ length: data.batchSize }, () => drawExample(options, rng, 'train'));
    reply = { type: 'batch', worker: request.worker, examples, state: rng.state() };
  } catch (error) {
    reply = { type: 'error', worker: request.worker, message: (error as Error).message };
  }
  parentPort!.postMessage(reply);
});
