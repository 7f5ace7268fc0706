// Measures training and greedy-decoding speed of the default GCD model on the selected backend (npm run bench).
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendPreference } from '../backends/select-backend';
import { buildOperation } from '../core/build-operation';
import { HeapCollector } from '../core/heap-collector';
import { Rng } from '../core/rng';
import { collate, type Batch } from '../data/batch';
import { drawExample } from '../data/example-factory';
import { coreSettings } from '../config/core-parameters';
import { modelConfigFromParams } from '../models/model-config';
import { TransformerModel } from '../models/transformer-model';
import { Vocabulary } from '../tokenizers/vocabulary';
import { ModelOptimizer } from '../training/optimizers/model-optimizer';
import { parseOptimizer } from '../training/optimizers/parse-optimizer';
import { TrainStep } from '../training/train-step';

export interface MeasureOptions {
  backend: BackendPreference;
  batchSize: number;
  warmup: number;
  steps: number;
  decodeIterations: number;
}

export interface Measurement {
  backend: string;
  parameters: number;
  train: {
    steps: number;
    examplesPerSec: number;
    examplesPerCpuSec: number;
    medianStepMs: number;
    lossFirst: number;
    lossLast: number;
  };
  decode: {
    batch: number;
    tokens: number;
    examplesPerSec: number;
    examplesPerCpuSec: number;
    medianBatchMs: number;
  };
  /** Beam search (Int2Int's --beam_eval true --beam_size 10 defaults: length penalty 1, early stopping). */
  beam: {
    beamSize: number;
    batch: number;
    examplesPerSec: number;
    /** Peak RSS including the beam search's larger batch (the training figure is taken before it). */
    maxRssMB: number;
  };
  /** Peak RSS of training and greedy decoding. */
  maxRssMB: number;
  /** Tensors alive after the measured training steps and decodings that were not there before them (0). */
  leakedTensors: number;
}

const DECODE_BATCH = 128;
const DECODE_TOKENS = 6;
const BEAM_SIZE = 10;
const BEAM_ITERATIONS = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** The default GCD model (Int2Int's defaults: 4+4 layers, 256 wide, 8 heads), Adam 1e-4, clipping 5. */
export async function measure(options: MeasureOptions): Promise<Measurement> {
  // 'auto' stays on the CPU (the comparison with the original is on the CPU); a GPU backend is measured when named
  const gpuNamed = options.backend === 'webgpu' || options.backend === 'tensorflow-gpu';
  const backend = await selectBackend(options.backend, { cpu: !gpuNamed });
  const { operation } = buildOperation('gcd');
  const vocab = Vocabulary.fromSymbols(operation.inputTokenizer.symbols, operation.outputTokenizer.symbols);
  const model = new TransformerModel(modelConfigFromParams(coreSettings()), vocab.size, new Rng([0, 1]));
  const optimizer = new ModelOptimizer(
    parseOptimizer('adam,lr=0.0001'),
    model.trainableVariables,
    model.trainableNames,
  );
  const step = new TrainStep(model, optimizer, { clipGradNorm: 5, accumulateGradients: 1 });
  const rng = new Rng([0, 0, 123]);
  const factory = { label: 'Operation gcd', operation, vocab, maxLen: 512 };
  const batchOf = (size: number): Batch =>
    collate(Array.from({ length: size }, () => drawExample(factory, rng, 'train')));

  const losses: number[] = [];
  const stepTimes: number[] = [];
  let wall0 = 0;
  let cpu0 = 0;
  let tensors0 = 0;
  const heap = new HeapCollector(); // as the trainer does between two steps
  for (let i = 0; i < options.warmup + options.steps; i++) {
    if (i === options.warmup) {
      [wall0, cpu0] = [performance.now(), cpuSeconds()];
      tensors0 = tf.memory().numTensors;
    }
    const batch = batchOf(options.batchSize);
    const start = performance.now();
    losses.push((await step.run(batch)).loss);
    heap.check();
    if (i >= options.warmup) stepTimes.push(performance.now() - start);
  }
  const trainWall = (performance.now() - wall0) / 1000;
  const trainCpu = cpuSeconds() - cpu0;

  const decodeTimes: number[] = [];
  let decodeCpu = 0;
  for (let i = 0; i < 3 + options.decodeIterations; i++) {
    const batch = batchOf(DECODE_BATCH);
    const [start, cpuStart] = [performance.now(), cpuSeconds()];
    await model.greedyDecode(batch, DECODE_TOKENS);
    if (i >= 3) {
      decodeTimes.push(performance.now() - start);
      decodeCpu += cpuSeconds() - cpuStart;
    }
  }
  const decodeWall = decodeTimes.reduce((a, b) => a + b, 0) / 1000;

  const leakedTensors = tf.memory().numTensors - tensors0;
  const maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  const beamOptions = { beamSize: BEAM_SIZE, maxLen: DECODE_TOKENS, lengthPenalty: 1, earlyStopping: true };
  await model.beamDecode(batchOf(DECODE_BATCH), beamOptions);
  const beamStart = performance.now();
  for (let i = 0; i < BEAM_ITERATIONS; i++) await model.beamDecode(batchOf(DECODE_BATCH), beamOptions);
  const beamWall = (performance.now() - beamStart) / 1000;
  const counts = model.parameterCounts();
  model.dispose();
  const round = (x: number, digits = 2) => Number(x.toFixed(digits));
  const examples = options.steps * options.batchSize;
  return {
    backend: backend.description,
    parameters: counts.total,
    train: {
      steps: options.steps,
      examplesPerSec: round(examples / trainWall),
      examplesPerCpuSec: round(examples / trainCpu),
      medianStepMs: round(median(stepTimes), 1),
      lossFirst: round(losses[0], 4),
      lossLast: round(losses[losses.length - 1], 4),
    },
    decode: {
      batch: DECODE_BATCH,
      tokens: DECODE_TOKENS,
      examplesPerSec: round((options.decodeIterations * DECODE_BATCH) / decodeWall, 1),
      examplesPerCpuSec: round((options.decodeIterations * DECODE_BATCH) / decodeCpu, 1),
      medianBatchMs: round(median(decodeTimes), 1),
    },
    beam: {
      beamSize: BEAM_SIZE,
      batch: DECODE_BATCH,
      examplesPerSec: round((BEAM_ITERATIONS * DECODE_BATCH) / beamWall, 1),
      maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    },
    maxRssMB,
    leakedTensors,
  };
}
