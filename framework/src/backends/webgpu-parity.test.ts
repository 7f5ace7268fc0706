// The webgpu backend (Dawn over Vulkan; in CI Mesa's software adapter lavapipe) against the cpu backend: the same
// seed gives the same losses, gradient norms, weights, greedy and beam outputs and checkpoint, for the default model
// and one small model per architecture family, and leaves no tensor behind. A correctness check, never a speed claim.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { loadCheckpoint, saveCheckpoint } from '../checkpoints/checkpoint-file';
import { coreSettings, type CoreSettings } from '../config/core-parameters';
import { Rng } from '../core/rng';
import { collate, type Batch, type IdExample } from '../data/batch';
import type { BeamHypothesis } from '../models/beam-search';
import { modelConfigFromParams } from '../models/model-config';
import { TransformerModel } from '../models/transformer-model';
import { ModelOptimizer } from '../training/optimizers/model-optimizer';
import { parseOptimizer } from '../training/optimizers/parse-optimizer';
import { TrainStep } from '../training/train-step';
import { selectBackend } from './select-backend';
import {
  adapterProbeArguments,
  probeAnswer,
  vulkanLoaderMissing,
  type AdapterSearch,
} from './webgpu-backend';

/** Why this machine cannot run the webgpu backend, or undefined; CI must have an adapter (scripts/install-vulkan.sh). */
function webgpuUnavailable(): string | undefined {
  const missing = vulkanLoaderMissing();
  if (missing !== undefined) return missing.reason;
  let answer: AdapterSearch;
  try {
    answer = probeAnswer(
      execFileSync(process.execPath, adapterProbeArguments(), { encoding: 'utf8', stdio: 'pipe' }),
    );
  } catch (error) {
    answer = probeAnswer('', error as Error);
  }
  return 'reason' in answer ? answer.reason : undefined;
}

const unavailable = webgpuUnavailable();
if (unavailable !== undefined && process.env.CI === 'true') {
  throw new Error(`CI must run the webgpu parity tests, but ${unavailable}: run scripts/install-vulkan.sh`);
}
if (unavailable !== undefined) console.warn(`webgpu parity tests skipped: ${unavailable}`);
const describeWithWebgpu = unavailable === undefined ? describe : describe.skip;

const VOCAB = 30;
const SMALL: Partial<CoreSettings> = {
  enc_emb_dim: 16,
  dec_emb_dim: 16,
  n_enc_layers: 1,
  n_dec_layers: 1,
  n_enc_heads: 2,
  n_dec_heads: 2,
};

/** One small model per architecture family, and the default one (4+4 layers, 256 wide) for one step. */
const FAMILIES: Array<[name: string, overrides: Partial<CoreSettings>, steps: number]> = [
  ['encoder_decoder', {}, 3],
  ['encoder_only', { architecture: 'encoder_only' }, 3],
  ['decoder_only', { architecture: 'decoder_only' }, 3],
  ['shared layers, gated', { dec_loop_idx: 0, dec_loops: 2, gated: true }, 2],
  ['ACT', { enc_act: true, enc_loop_idx: 0, enc_loops: 3 }, 2],
  ['LSTM', { lstm: true, lstm_hidden_dim: 12 }, 2],
  ['bidirectional GRU', { lstm: true, GRU: true, bidirectional: true, lstm_hidden_dim: 12 }, 2],
  [
    'the default model',
    { enc_emb_dim: 256, dec_emb_dim: 256, n_enc_layers: 4, n_dec_layers: 4, n_enc_heads: 8, n_dec_heads: 8 },
    1,
  ],
];

function randomBatch(rng: Rng, size: number, shortOutputs: boolean): Batch {
  const examples: IdExample[] = Array.from({ length: size }, () => {
    const x = Array.from({ length: rng.int(2, 6) }, () => rng.int(15, VOCAB - 1));
    const yLen = shortOutputs ? rng.int(1, x.length) : rng.int(1, 4);
    return { x, y: Array.from({ length: yLen }, () => rng.int(15, VOCAB - 1)), cls: 0 };
  });
  return collate(examples);
}

interface Outcome {
  losses: number[];
  gradNorms: number[];
  weights: Map<string, Float32Array>;
  xeLossSum: number;
  greedy: number[][];
  beams: BeamHypothesis[][];
  checkpointWeights: Map<string, Float32Array>;
  leakedTensors: number;
}

/** Trains `steps` Adam steps from seed 11 on `backend`, then scores, decodes and checkpoints. */
async function trainOn(
  backend: 'cpu' | 'webgpu',
  overrides: Partial<CoreSettings>,
  steps: number,
  dir: string,
): Promise<Outcome> {
  await selectBackend(backend, { cpu: backend === 'cpu' });
  const params = coreSettings({ ...SMALL, ...overrides });
  const shortOutputs = params.architecture === 'encoder_only';
  const model = new TransformerModel(modelConfigFromParams(params), VOCAB, new Rng([11]));
  const optimizer = new ModelOptimizer(
    parseOptimizer('adam,lr=0.001'),
    model.trainableVariables,
    model.trainableNames,
  );
  const step = new TrainStep(model, optimizer, { clipGradNorm: 5, accumulateGradients: 1 });
  const before = tf.memory().numTensors;
  const losses: number[] = [];
  const gradNorms: number[] = [];
  const rng = new Rng([3]);
  for (let i = 0; i < steps; i++) {
    const result = await step.run(randomBatch(rng, 4, shortOutputs));
    expect(result.rejected).toBeUndefined();
    losses.push(result.loss);
    gradNorms.push(result.gradNorm);
  }
  const probe = randomBatch(new Rng([7]), 5, shortOutputs);
  const { xeLossSum } = await model.scoreBatch(probe);
  const { tokens: greedy } = await model.greedyDecode(probe, 4);
  const beams = await model.beamDecode(probe, {
    beamSize: 2,
    maxLen: 4,
    lengthPenalty: 1,
    earlyStopping: true,
  });
  const file = path.join(dir, `${backend}.ckpt`);
  await saveCheckpoint(file, {
    epoch: 0,
    nTotalIter: steps,
    bestMetrics: {},
    bestStoppingCriterion: null,
    stoppingCounter: 0,
    operation: 'parity',
    params: {},
    operationParams: {},
    vocabulary: [],
    weights: model.weightSources(),
    optimizer: optimizer.stateSources(),
  });
  const leakedTensors = tf.memory().numTensors - before;
  const weights = new Map((await model.getWeights()).map((w) => [w.name, w.values]));
  const checkpointWeights = new Map(loadCheckpoint(file).weights.map((w) => [w.name, w.values]));
  optimizer.dispose();
  model.dispose();
  return { losses, gradNorms, weights, xeLossSum, greedy, beams, checkpointWeights, leakedTensors };
}

const maxDifference = (a: Float32Array, b: Float32Array | undefined) => {
  expect(b).toBeDefined();
  let max = 0;
  a.forEach((v, i) => (max = Math.max(max, Math.abs(v - (b as Float32Array)[i]))));
  return max;
};

describeWithWebgpu('the webgpu backend matches the cpu backend', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'int2int-webgpu-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names its adapter and reads every tensor asynchronously', async () => {
    const info = await selectBackend('webgpu', { cpu: false });
    expect(info.name).toBe('webgpu');
    expect(info.description).toMatch(
      /^webgpu \(Dawn on Vulkan: .+ \(.+\); @tensorflow\/tfjs-backend-webgpu 4\.22\.0\)$/,
    );
    if (process.env.CI === 'true') expect(info.description).toContain('a software adapter');
    const t = tf.tensor1d([1, 2, 3]);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => tf.square(t).dataSync()).toThrow(); // why every read in int2int is data()
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('synchronously reading data from GPU'));
    warn.mockRestore();
    expect(Array.from(await tf.square(t).data())).toEqual([1, 4, 9]);
    tf.disposeVariables();
  });

  it.each(FAMILIES)('%s: same losses, weights, decoding and checkpoint', async (_name, overrides, steps) => {
    const cpu = await trainOn('cpu', overrides, steps, dir);
    const gpu = await trainOn('webgpu', overrides, steps, dir);
    expect(gpu.leakedTensors).toBe(0);
    expect(cpu.leakedTensors).toBe(0);
    gpu.losses.forEach((loss, i) => expect(loss).toBeCloseTo(cpu.losses[i], 4));
    gpu.gradNorms.forEach((norm, i) =>
      expect(Math.abs(norm - cpu.gradNorms[i])).toBeLessThan(1e-4 * cpu.gradNorms[i] + 1e-6),
    );
    for (const [name, values] of cpu.weights)
      expect(maxDifference(values, gpu.weights.get(name))).toBeLessThan(1e-4);
    for (const [name, values] of gpu.weights)
      expect(maxDifference(values, gpu.checkpointWeights.get(name))).toBe(0);
    expect(gpu.xeLossSum).toBeCloseTo(cpu.xeLossSum, 3);
    expect(gpu.greedy).toEqual(cpu.greedy);
    expect(gpu.beams.map((row) => row.map((h) => h.tokens))).toEqual(
      cpu.beams.map((row) => row.map((h) => h.tokens)),
    );
    gpu.beams.forEach((row, b) =>
      row.forEach((h, k) => expect(h.score).toBeCloseTo(cpu.beams[b][k].score, 4)),
    );
  });

  // last: the backend stays failed for the rest of the process
  it('stops at the next read, with the reason, once the device rejects a kernel', async () => {
    await selectBackend('webgpu', { cpu: false });
    // addN of 12 tensors binds more storage buffers than a shader stage may (8): Dawn rejects its pipeline
    const inputs = Array.from({ length: 12 }, (_, i) => tf.fill([4], i));
    const sum = tf.addN(inputs);
    await expect(sum.data()).rejects.toThrow(/^The webgpu backend failed: .*storage buffers/);
    tf.dispose([sum, ...inputs]);
  });
});
