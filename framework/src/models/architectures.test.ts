// Every architecture and layer option decodes, greedy and beam, exactly as its teacher-forced forward scores, and
// its weights round-trip: encoder only, decoder only, shared (looped) layers, copy-gates, ACT, LSTM and GRU.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backends/select-backend';
import { coreSettings, type CoreSettings } from '../config/core-parameters';
import { Rng } from '../core/rng';
import { UsageError } from '../core/usage-error';
import { collate, type Batch, type IdExample } from '../data/batch';
import { layerPasses, modelConfigFromParams } from './model-config';
import { TransformerModel } from './transformer-model';

const VOCAB = 30;
const TINY: Partial<CoreSettings> = {
  enc_emb_dim: 16,
  dec_emb_dim: 16,
  n_enc_layers: 2,
  n_dec_layers: 2,
  n_enc_heads: 2,
  n_dec_heads: 2,
};

/** Random examples; outputs no longer than inputs when `shortOutputs` (what encoder_only can read). */
function randomBatch(rng: Rng, size: number, shortOutputs = false): Batch {
  const examples: IdExample[] = Array.from({ length: size }, () => {
    const x = Array.from({ length: rng.int(2, 6) }, () => rng.int(15, VOCAB - 1));
    const yLen = shortOutputs ? rng.int(1, x.length) : rng.int(1, 4);
    return { x, y: Array.from({ length: yLen }, () => rng.int(15, VOCAB - 1)), cls: 0 };
  });
  return collate(examples);
}

const CONFIGS: Array<[name: string, overrides: Partial<CoreSettings>]> = [
  ['encoder_only', { architecture: 'encoder_only' }],
  ['encoder_only, ACT', { architecture: 'encoder_only', enc_act: true, enc_loop_idx: 1, enc_loops: 3 }],
  ['decoder_only', { architecture: 'decoder_only' }],
  [
    'decoder_only, looped and gated',
    { architecture: 'decoder_only', dec_loop_idx: 0, dec_loops: 3, gated: true },
  ],
  ['decoder_only, ACT', { architecture: 'decoder_only', dec_act: true, dec_loop_idx: 1, dec_loops: 3 }],
  [
    'shared decoder layer, scalar gates',
    { dec_loop_idx: 1, dec_loops: 3, dec_gated: true, scalar_gate: true },
  ],
  [
    'all layers shared, gated',
    { enc_loop_idx: -2, enc_loops: 2, dec_loop_idx: -2, dec_loops: 2, gated: true },
  ],
  [
    'ACT in both stacks, biased',
    {
      enc_act: true,
      enc_loop_idx: 0,
      enc_loops: 4,
      dec_act: true,
      dec_loop_idx: 1,
      dec_loops: 3,
      act_biased: true,
      act_bias: -1,
    },
  ],
  ['LSTM', { lstm: true, lstm_hidden_dim: 12 }],
  ['bidirectional LSTM', { lstm: true, bidirectional: true, lstm_hidden_dim: 12 }],
  ['bidirectional GRU', { lstm: true, GRU: true, bidirectional: true, lstm_hidden_dim: 12 }],
];

beforeAll(async () => {
  await selectBackend('cpu', { cpu: true });
});

describe.each(CONFIGS)('%s', (_name, overrides) => {
  const params = coreSettings({ ...TINY, ...overrides });
  const shortOutputs = params.architecture === 'encoder_only';
  let model: TransformerModel;
  beforeAll(async () => {
    model = new TransformerModel(modelConfigFromParams(params), VOCAB, new Rng([11]));
    // a favoured EOS, so that an untrained model ends some outputs early (finished hypotheses to check)
    model.setWeights(
      (await model.getWeights()).map((w) => {
        if (!w.name.endsWith('proj.bias')) return w;
        const values = w.values.slice();
        values[0] += 2;
        return { ...w, values };
      }),
    );
  });
  afterAll(() => model.dispose());

  /** The teacher-forced per-token losses and argmax of `tokens` as the output of row i's input. */
  const forced = (batch: Batch, i: number, tokens: number[]) =>
    model['teacherForced'](
      collate([{ x: batch.x.slice(i * batch.xMax, i * batch.xMax + batch.xLen[i] - 1), y: tokens, cls: 0 }]),
    );

  it('computes a loss near log(V) and trains, scores and decodes without leaking tensors', async () => {
    const batch = randomBatch(new Rng([2]), 6, shortOutputs);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => model.loss(batch, true), model.trainableVariables);
    expect(Math.abs(value.dataSync()[0] - Math.log(VOCAB))).toBeLessThan(1.5);
    // the recurrent encoder's gru_out is created, as in Int2Int, but never used (only its final states are)
    const unused = params.lstm ? ['encoder.gru_out.weight', 'encoder.gru_out.bias'] : [];
    expect(model.trainableNames.filter((_, i) => !(model.trainableVariables[i].name in grads))).toEqual(
      unused,
    );
    tf.dispose([value, ...Object.values(grads)]);
    const passes = await model.takeHaltingPasses();
    if (params.enc_act || params.dec_act) {
      for (const mean of Object.values(passes ?? {})) expect(mean).toBeGreaterThanOrEqual(1);
      expect(Object.keys(passes ?? {})).toEqual([
        ...(params.enc_act ? ['encoder'] : []),
        ...(params.dec_act ? ['decoder'] : []),
      ]);
    } else {
      expect(passes).toBeUndefined();
    }
    expect((await model.scoreBatch(batch)).perfect).toHaveLength(6);
    await model.greedyDecode(batch, 4);
    await model.beamDecode(batch, { beamSize: 2, maxLen: 4, lengthPenalty: 1, earlyStopping: false });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('decodes greedily exactly as the argmax of its teacher-forced forward', async () => {
    const batch = randomBatch(new Rng([7]), 8, shortOutputs);
    const { tokens, finished } = await model.greedyDecode(batch, 5);
    let checked = 0;
    for (const [i, row] of tokens.entries()) {
      if (!finished[i]) {
        expect(row.length).toBe(shortOutputs ? Math.min(5, batch.xLen[i]) : 5);
        continue;
      }
      expect(Array.from((await forced(batch, i, row)).predictedIds)).toEqual([...row, 0]);
      checked++;
    }
    if (!shortOutputs) expect(checked + tokens.filter((_, i) => !finished[i]).length).toBe(8);
  });

  it('scores each finished beam hypothesis as the teacher-forced log-probability of its tokens', async () => {
    const batch = randomBatch(new Rng([9]), 5, shortOutputs);
    const rows = await model.beamDecode(batch, {
      beamSize: 3,
      maxLen: 4,
      lengthPenalty: 1,
      earlyStopping: false,
    });
    let checked = 0;
    for (const [i, hypotheses] of rows.entries()) {
      for (const { tokens, score } of hypotheses.filter((h) => h.finished)) {
        const logProbability = -(await forced(batch, i, tokens)).lossValues.reduce((a, b) => a + b, 0);
        expect(score).toBeCloseTo(logProbability / (tokens.length + 1), 4);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('round-trips its weights', async () => {
    const other = new TransformerModel(modelConfigFromParams(params), VOCAB, new Rng([12]));
    const batch = randomBatch(new Rng([5]), 4, shortOutputs);
    other.setWeights(await model.getWeights());
    expect((await other.scoreBatch(batch)).xeLossSum).toBeCloseTo(
      (await model.scoreBatch(batch)).xeLossSum,
      4,
    );
    other.dispose();
  });
});

describe('architecture settings', () => {
  it('runs a shared layer loops times in place, and -2 runs every layer in order, loops times', () => {
    expect(layerPasses({ layers: 3, loopIdx: 1, loops: 3 })).toEqual([0, 1, 1, 1, 2]);
    expect(layerPasses({ layers: 3, loopIdx: -2, loops: 2 })).toEqual([0, 1, 2, 0, 1, 2]);
    expect(layerPasses({ layers: 3, loopIdx: -1, loops: 1 })).toEqual([0, 1, 2]);
  });

  it('names the weights of gates, ACT and the encoder-only projection as the PyTorch state_dict', async () => {
    const names = async (overrides: Partial<CoreSettings>) => {
      const model = new TransformerModel(
        modelConfigFromParams(coreSettings({ ...TINY, ...overrides })),
        VOCAB,
        new Rng([1]),
      );
      const result = (await model.getWeights()).map((w) => w.name);
      model.dispose();
      return result;
    };
    expect(await names({ enc_gated: true })).toContain('encoder.layers.1.gate.gate2.bias');
    const act = await names({ enc_act: true, enc_loop_idx: 1, enc_loops: 2 });
    expect(act).toContain('encoder.layers.1.halt_prob.weight');
    expect(act).toContain('encoder.layers.1.layer.self_attention.q_lin.weight');
    expect(await names({ architecture: 'encoder_only' })).toContain('encoder.proj.bias');
    const decoderOnly = await names({ architecture: 'decoder_only' });
    expect(decoderOnly.some((n) => n.startsWith('encoder.'))).toBe(false);
    expect(decoderOnly.some((n) => n.includes('cross_attention') || n.includes('layer_norm15'))).toBe(false);
  });

  it("names the recurrent model's weights as torch's nn.LSTM / nn.GRU inside Int2Int's LSTMModel", async () => {
    const model = new TransformerModel(
      modelConfigFromParams(coreSettings({ ...TINY, lstm: true, bidirectional: true, lstm_hidden_dim: 12 })),
      VOCAB,
      new Rng([1]),
    );
    const shapes = Object.fromEntries((await model.getWeights()).map((w) => [w.name, w.shape]));
    model.dispose();
    expect(shapes['encoder.layers.weight_ih_l0']).toEqual([48, 16]);
    expect(shapes['decoder.layers.weight_ih_l1_reverse']).toEqual([48, 24]);
    expect(shapes['decoder.layers.weight_hh_l1']).toEqual([48, 12]);
    expect(shapes['encoder.layers.bias_hh_l0_reverse']).toEqual([48]);
    expect(shapes['decoder.gru_out.weight']).toEqual([16, 24]);
    expect(shapes['decoder.proj.bias']).toEqual([VOCAB]);
    expect(
      Object.keys(shapes).some((n) => n.includes('position_embeddings') || n.includes('attention')),
    ).toBe(false);
  });

  it('starts biased gates and halting units at their bias', async () => {
    const model = new TransformerModel(
      modelConfigFromParams(
        coreSettings({
          ...TINY,
          enc_gated: true,
          biased_gates: true,
          gate_bias: 3,
          enc_act: true,
          enc_loop_idx: 0,
          act_biased: true,
          act_bias: -2,
        }),
      ),
      VOCAB,
      new Rng([1]),
    );
    const weights = await model.getWeights();
    model.dispose();
    const valuesOf = (name: string) => Array.from(weights.find((w) => w.name === name)?.values ?? []);
    expect(new Set(valuesOf('encoder.layers.1.gate.gate2.bias'))).toEqual(new Set([3]));
    expect(valuesOf('encoder.layers.0.halt_prob.bias')).toEqual([-2]);
  });

  it.each<[Partial<CoreSettings>, RegExp]>([
    [{ enc_act: true }, /--enc_act true .*--enc_loop_idx/],
    [{ dec_act: true, dec_loop_idx: -2, dec_loops: 2 }, /--dec_act true .*--dec_loop_idx to a layer index/],
    [{ enc_loop_idx: 4 }, /--enc_loop_idx \(4\) must name one of the --n_enc_layers 4 layers/],
    [{ dec_loops: 3 }, /--dec_loops 3 needs a shared layer: set --dec_loop_idx/],
    [{ gated: true }, /--gated true .*--enc_loop_idx or --dec_loop_idx/],
    [
      { architecture: 'encoder_only', dec_loop_idx: 1 },
      /--dec_loop_idx 1 has no effect with --architecture encoder_only.*--enc_loop_idx/,
    ],
    [
      { architecture: 'decoder_only', enc_act: true },
      /--enc_act true has no effect with --architecture decoder_only/,
    ],
    [
      { architecture: 'decoder_only', n_dec_heads: 3 },
      /--dec_emb_dim \(256\) must be a multiple of --n_dec_heads \(3\)/,
    ],
    [
      { lstm: true, architecture: 'decoder_only' },
      /--lstm true .*cannot be combined with --architecture decoder_only/,
    ],
    [{ GRU: true }, /--GRU true sets up the recurrent model: add --lstm true/],
    [{ lstm_hidden_dim: 512 }, /--lstm_hidden_dim 512 sets up the recurrent model: add --lstm true/],
    [
      { lstm: true, dec_emb_dim: 128 },
      /--lstm true needs --enc_emb_dim \(256\) and --dec_emb_dim \(128\) to be equal/,
    ],
    [{ lstm: true, n_dec_layers: 2 }, /--lstm true needs --n_enc_layers \(4\) and --n_dec_layers \(2\)/],
    [{ lstm: true, enc_gated: true }, /--enc_gated true applies to transformer layers .* with --lstm true/],
  ])('refuses %j in one line naming the flags', (overrides, message) => {
    expect(() => modelConfigFromParams(coreSettings(overrides))).toThrow(message);
    expect(() => modelConfigFromParams(coreSettings(overrides))).toThrow(UsageError);
  });

  it('refuses, for encoder_only, an output longer than its input, saying which architectures can learn it', () => {
    const model = new TransformerModel(
      modelConfigFromParams(coreSettings({ ...TINY, architecture: 'encoder_only' })),
      VOCAB,
      new Rng([1]),
    );
    const batch = collate([{ x: [20, 21], y: [22, 23, 24], cls: 0 }]);
    expect(() => model.loss(batch, false)).toThrow(
      /encoder_only reads output token k at input position k.*an input of 2 tokens with an output of 3.*encoder_decoder or decoder_only/,
    );
    model.dispose();
  });
});
