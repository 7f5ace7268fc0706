// Shapes, parameter counts, leaks, weights round trip, cached greedy and beam decoding, backend parity of the transformer.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backends/select-backend';
import { coreSettings, type CoreSettings } from '../config/core-parameters';
import { Rng } from '../core/rng';
import { collate, type Batch, type IdExample } from '../data/batch';
import { modelConfigFromParams } from './model-config';
import { TransformerModel } from './transformer-model';

const VOCAB = 40;

function tinyParams(overrides: Partial<CoreSettings> = {}): CoreSettings {
  return coreSettings({
    enc_emb_dim: 16,
    dec_emb_dim: 16,
    n_enc_layers: 2,
    n_dec_layers: 2,
    n_enc_heads: 2,
    n_dec_heads: 4,
    ...overrides,
  });
}

function randomBatch(rng: Rng, size: number): Batch {
  const examples: IdExample[] = Array.from({ length: size }, () => ({
    x: Array.from({ length: rng.int(1, 7) }, () => rng.int(15, VOCAB - 1)),
    y: Array.from({ length: rng.int(1, 4) }, () => rng.int(15, VOCAB - 1)),
    cls: 0,
  }));
  return collate(examples);
}

beforeAll(async () => {
  await selectBackend('cpu', { cpu: true });
});

describe('TransformerModel', () => {
  it('rejects head counts that do not divide the width', () => {
    expect(() => modelConfigFromParams(coreSettings({ dec_emb_dim: 100 }))).toThrow(
      /--dec_emb_dim.*--n_dec_heads/,
    );
  });

  it('computes a loss near log(V) at init, scores and decodes without leaking tensors', async () => {
    const model = new TransformerModel(modelConfigFromParams(tinyParams()), VOCAB, new Rng([1]));
    const batch = randomBatch(new Rng([2]), 5);
    const before = tf.memory().numTensors;
    const loss = model.loss(batch, false);
    expect(loss.shape).toEqual([]);
    expect(Math.abs(loss.dataSync()[0] - Math.log(VOCAB))).toBeLessThan(1);
    loss.dispose();
    const score = await model.scoreBatch(batch);
    expect(score.perfect).toHaveLength(5);
    expect(Number.isFinite(score.xeLossSum)).toBe(true);
    const decoded = await model.greedyDecode(batch, 4);
    expect(decoded.tokens).toHaveLength(5);
    decoded.tokens.forEach((row) => expect(row.length).toBeLessThanOrEqual(4));
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('names its weights as the PyTorch state_dict and round-trips them', async () => {
    const config = modelConfigFromParams(
      tinyParams({ norm_attention: true, share_inout_emb: false, xav_init: true }),
    );
    const a = new TransformerModel(config, VOCAB, new Rng([3]));
    const b = new TransformerModel(config, VOCAB, new Rng([4]));
    const weights = await a.getWeights();
    const names = weights.map((w) => w.name);
    expect(names).toContain('encoder.layers.0.self_attention.q_lin.weight');
    expect(names).toContain('decoder.layers.1.cross_attention.attention_scale');
    expect(names).toContain('decoder.layers.0.layer_norm15.bias');
    expect(names).toContain('decoder.proj.weight');
    expect(weights.find((w) => w.name === 'decoder.proj.weight')?.shape).toEqual([VOCAB, 16]);
    expect(weights.find((w) => w.name === 'decoder.proj.bias')?.values.every((v) => v === 0)).toBe(true);
    expect(weights.find((w) => w.name === 'decoder.layers.0.ffn.lin1.weight')?.shape).toEqual([64, 16]);
    const batch = randomBatch(new Rng([5]), 4);
    b.setWeights(weights);
    expect((await b.scoreBatch(batch)).xeLossSum).toBeCloseTo((await a.scoreBatch(batch)).xeLossSum, 5);
    expect(await b.getWeights()).toEqual(weights);
    expect(() => b.setWeights(weights.slice(1))).toThrow(/missing \[encoder.position_embeddings.weight\]/);
    const wrong = weights.map((w, i) => (i === 0 ? { ...w, shape: [w.shape[1], w.shape[0]] } : w));
    expect(() => b.setWeights(wrong)).toThrow(/has shape/);
    a.dispose();
    b.dispose();
  });

  it('decodes greedily with its cache exactly as the argmax of full teacher-forced forwards', async () => {
    const params = tinyParams({
      gelu_activation: true,
      n_dec_hidden_layers: 2,
      max_src_len: 3,
      sinusoidal_embeddings: true,
      dec_has_pos_emb: false,
    });
    const model = new TransformerModel(modelConfigFromParams(params), VOCAB, new Rng([6]));
    const batch = randomBatch(new Rng([7]), 6);
    const { tokens, finished } = await model.greedyDecode(batch, 5);
    const forced = collate(
      tokens.map((row, i) => ({
        x: batch.x.slice(i * batch.xMax, i * batch.xMax + batch.xLen[i] - 1),
        y: row,
        cls: 0,
      })),
    );
    const { where, predictedIds } = await model['teacherForced'](forced);
    tokens.forEach((row, b) => {
      const predicted = Array.from(predictedIds.filter((_, n) => where.rows[n] === b));
      expect(predicted.slice(0, row.length)).toEqual(row);
      if (finished[b]) expect(predicted[row.length]).toBe(0);
      else expect(row).toHaveLength(5);
    });
    model.dispose();
  });

  it('scores each finished beam hypothesis as the teacher-forced log-probability of its tokens', async () => {
    const model = new TransformerModel(modelConfigFromParams(tinyParams()), VOCAB, new Rng([8]));
    const batch = randomBatch(new Rng([9]), 5);
    const before = tf.memory().numTensors;
    const options = { beamSize: 3, maxLen: 4, lengthPenalty: 1, earlyStopping: false };
    const rows = await model.beamDecode(batch, options);
    expect(tf.memory().numTensors).toBe(before);
    let checked = 0;
    for (const [i, hypotheses] of rows.entries()) {
      expect(hypotheses).toHaveLength(3);
      for (const { tokens, score, finished } of hypotheses.filter((h) => h.finished)) {
        const x = batch.x.slice(i * batch.xMax, i * batch.xMax + batch.xLen[i] - 1);
        const { lossValues } = await model['teacherForced'](collate([{ x, y: tokens, cls: 0 }]));
        const logProbability = -lossValues.reduce((a, b) => a + b, 0); // the tokens and the final EOS
        expect(finished).toBe(true);
        expect(score).toBeCloseTo(logProbability / (tokens.length + 1), 4);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    model.dispose();
  });

  it('gives the same initial loss on wasm and cpu for the same seed', async () => {
    const params = tinyParams({ enc_emb_dim: 32, dec_emb_dim: 32 });
    const batch = randomBatch(new Rng([8]), 8);
    const lossOn = async (backend: 'wasm' | 'cpu'): Promise<number> => {
      await selectBackend(backend, { cpu: true });
      const model = new TransformerModel(modelConfigFromParams(params), VOCAB, new Rng([9]));
      const loss = model.loss(batch, false);
      const value = loss.dataSync()[0];
      loss.dispose();
      model.dispose();
      return value;
    };
    expect(Math.abs((await lossOn('wasm')) - (await lossOn('cpu')))).toBeLessThan(1e-4);
    await selectBackend('cpu', { cpu: true });
  });
});
