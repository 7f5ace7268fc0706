// TrainStep: learning a fixed batch, no tensor leak, gradient accumulation equal to a full batch, pad row kept at 0.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backends/select-backend';
import { coreSettings, type CoreSettings } from '../config/core-parameters';
import { Rng } from '../core/rng';
import { collate, type Batch, type IdExample } from '../data/batch';
import { modelConfigFromParams } from '../models/model-config';
import { TransformerModel } from '../models/transformer-model';
import { PAD_INDEX } from '../tokenizers/vocabulary';
import { ModelOptimizer } from './optimizers/model-optimizer';
import { TrainStep } from './train-step';

const VOCAB = 30;
const PARAMS = coreSettings({
  enc_emb_dim: 16,
  dec_emb_dim: 16,
  n_enc_layers: 1,
  n_dec_layers: 1,
  n_enc_heads: 2,
  n_dec_heads: 2,
});

/** Rows of equal output length, so that two halves have the same number of target tokens. */
function examples(rng: Rng, size: number): IdExample[] {
  return Array.from({ length: size }, () => ({
    x: Array.from({ length: rng.int(2, 6) }, () => rng.int(15, VOCAB - 1)),
    y: Array.from({ length: 3 }, () => rng.int(15, VOCAB - 1)),
    cls: 0,
  }));
}

function setup(seed: number, optimizer: string, accumulateGradients: number, params: CoreSettings = PARAMS) {
  const model = new TransformerModel(modelConfigFromParams(params), VOCAB, new Rng([seed]));
  const opt = new ModelOptimizer(optimizer, model.trainableVariables, model.trainableNames);
  const step = new TrainStep(model, opt, { clipGradNorm: 1, accumulateGradients });
  return { model, opt, step };
}

beforeAll(async () => {
  await selectBackend('wasm', { cpu: true });
});

describe('TrainStep', () => {
  it('learns a fixed batch without leaking tensors, and never moves the encoder pad row', async () => {
    const batch: Batch = collate(examples(new Rng([1]), 8));
    const { model, opt, step } = setup(2, 'adam,lr=0.003', 1, { ...PARAMS, dropout: 0.1 });
    const first = (await step.run(batch)).loss;
    const tensors = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 30; i++) last = (await step.run(batch)).loss;
    expect(tf.memory().numTensors).toBe(tensors);
    expect(last).toBeLessThan(first * 0.5);
    const padRow = (await model.getWeights()).find((w) => w.name === 'encoder.embeddings.weight')!.values;
    expect(Array.from(padRow.subarray(PAD_INDEX * 16, (PAD_INDEX + 1) * 16))).toEqual(new Array(16).fill(0));
    opt.dispose();
    model.dispose();
  });

  it('with accumulate_gradients 2, two half batches make the update of the full batch', async () => {
    const rows = examples(new Rng([3]), 8);
    const full = setup(4, 'adam,lr=0.01', 1);
    const halves = setup(4, 'adam,lr=0.01', 2);
    await full.step.run(collate(rows));
    await halves.step.run(collate(rows.slice(0, 4)));
    expect(halves.opt.numUpdates).toBe(0);
    await halves.step.run(collate(rows.slice(4)));
    expect(halves.opt.numUpdates).toBe(1);
    const a = await full.model.getWeights();
    const b = await halves.model.getWeights();
    let maxDiff = 0;
    a.forEach((w, i) =>
      w.values.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - b[i].values[j])))),
    );
    expect(maxDiff).toBeLessThan(1e-5);
    for (const s of [full, halves]) {
      s.opt.dispose();
      s.model.dispose();
    }
  });

  it('continues an accumulation from its saved state as if it had not stopped', async () => {
    const rows = examples(new Rng([5]), 12);
    const batches = [0, 4, 8].map((start) => collate(rows.slice(start, start + 4)));
    const straight = setup(6, 'adam,lr=0.01', 3);
    for (const batch of batches) await straight.step.run(batch);
    const first = setup(6, 'adam,lr=0.01', 3);
    await first.step.run(batches[0]);
    await first.step.run(batches[1]);
    const saved = { weights: await first.model.getWeights(), step: await first.step.getState() };
    expect(saved.step.calls).toBe(2);
    expect(saved.step.gradients.map((a) => a.name)).toEqual(first.model.trainableNames);
    const resumed = setup(7, 'adam,lr=0.01', 3);
    resumed.model.setWeights(saved.weights);
    resumed.step.setState(saved.step);
    await resumed.step.run(batches[2]);
    expect(resumed.opt.numUpdates).toBe(1);
    const [a, b] = [await straight.model.getWeights(), await resumed.model.getWeights()];
    a.forEach((w, i) => expect(Array.from(b[i].values)).toEqual(Array.from(w.values)));
    for (const s of [straight, first, resumed]) {
      s.opt.dispose();
      s.model.dispose();
    }
  });

  it('does not apply a batch whose loss or gradient is not finite', async () => {
    const batch = collate(examples(new Rng([8]), 4));
    const { model, opt, step } = setup(9, 'sgd,lr=1e30', 1);
    const tensors = tf.memory().numTensors;
    expect((await step.run(batch)).rejected).toBeUndefined(); // weights of the order of 1e30 now
    const before = await model.getWeights();
    const result = await step.run(batch);
    expect(result.rejected).toBeDefined();
    expect(Number.isFinite(result.loss) && Number.isFinite(result.gradNorm)).toBe(false);
    expect(opt.numUpdates).toBe(1);
    (await model.getWeights()).forEach((w, i) =>
      expect(Array.from(w.values)).toEqual(Array.from(before[i].values)),
    );
    expect(tf.memory().numTensors).toBe(tensors);
    opt.dispose();
    model.dispose();
  });
});
