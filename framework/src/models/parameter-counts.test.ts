// The trainable parameter counts printed at start equal the original Int2Int's for the same flags (--operation gcd).
import { selectBackend } from '../backends/select-backend';
import { coreSettings, type CoreSettings } from '../config/core-parameters';
import { Rng } from '../core/rng';
import { modelConfigFromParams } from './model-config';
import { TransformerModel } from './transformer-model';

/**
 * The counts, worked out from the reference's formulas (§4.1, §4.2) for the default GCD model: width d = 256,
 * vocabulary V = 1019 words, 4096 positions, 4 layers per stack.
 *   attention 4(d² + d) = 263,168; LayerNorm 2d = 512; FFN (d·4d + 4d) + (4d·d + d) = 525,568
 *   embeddings 4096d + Vd + 2d = 1,309,952
 *   encoder layer attention + FFN + 2 LN = 789,760; decoder layer 2 attention + FFN + 3 LN = 1,053,440
 *   encoder 1,309,952 + 4 x 789,760 = 4,468,992; decoder 1,309,952 + 4 x 1,053,440 + V (proj.bias) = 5,524,731
 *   copy-gate gate1 (d·4d + 4d) + gate2 (4d·d + d) = 525,568; scalar gate 263,168 + (4d + 1) = 264,193
 *   ACT halting unit d + 1 = 257; a looped layer is the same layer (no parameters added)
 *   encoder_only: the encoder + its proj.bias (V), proj.weight tied to its embeddings
 *   decoder_only: the original's decoder minus its never-used cross-attention and LN15: 5,524,731 - 4 x 263,680
 *   LSTM/GRU (hidden H = 512, G = 4 gates for an LSTM, 3 for a GRU, torch's two biases per gate):
 *     a layer and direction G(H·in + H·H + 2H), in = d for layer 0, H x directions above it
 *     stack = Vd + 2d (embeddings, LayerNorm, no positions) + layers + gru_out (H x directions)·d + d
 *     LSTM: 260,864 + 512 + 1,576,960 + 3 x 2,101,248 + 131,328 = 8,273,408 (+ V proj.bias in the decoder)
 *     bidirectional GRU: 261,376 + 2 x 1,182,720 + 6 x 2,362,368 + 262,400 = 17,063,424
 * Checked against the original Int2Int (7379f23) by building its modules with the same flags (LSTMModel for --lstm): the same numbers,
 * except decoder_only, where it counts 5,524,731 with the 1,054,720 unused weights.
 */
const CASES: Array<
  [flags: string, overrides: Partial<CoreSettings>, counts: Record<string, number>, tensors: number]
> = [
  ['(defaults)', {}, { encoder: 4_468_992, decoder: 5_524_731 }, 177],
  ['--architecture encoder_only', { architecture: 'encoder_only' }, { encoder: 4_468_992 + 1019 }, 69],
  ['--architecture decoder_only', { architecture: 'decoder_only' }, { decoder: 5_524_731 - 4 * 263_680 }, 69],
  [
    '--lstm true --lstm_hidden_dim 512',
    { lstm: true, lstm_hidden_dim: 512 },
    { encoder: 8_273_408, decoder: 8_273_408 + 1019 },
    43,
  ],
  [
    '--lstm true --GRU true --bidirectional true --lstm_hidden_dim 512',
    { lstm: true, GRU: true, bidirectional: true, lstm_hidden_dim: 512 },
    { encoder: 17_063_424, decoder: 17_063_424 + 1019 },
    75,
  ],
  [
    '--enc_loop_idx 1 --enc_loops 3',
    { enc_loop_idx: 1, enc_loops: 3 },
    { encoder: 4_468_992, decoder: 5_524_731 },
    177,
  ],
  [
    '--enc_gated true --dec_gated true',
    { enc_gated: true, dec_gated: true },
    { encoder: 4_468_992 + 4 * 525_568, decoder: 5_524_731 + 4 * 525_568 },
    177 + 8 * 4,
  ],
  [
    '--scalar_gate true --enc_loop_idx 0 --gated true',
    { scalar_gate: true, enc_loop_idx: 0, gated: true },
    { encoder: 4_468_992 + 264_193, decoder: 5_524_731 },
    181,
  ],
  [
    '--enc_act true --enc_loop_idx 0 --enc_loops 4',
    { enc_act: true, enc_loop_idx: 0, enc_loops: 4 },
    { encoder: 4_468_992 + 257, decoder: 5_524_731 },
    179,
  ],
];

beforeAll(async () => {
  await selectBackend('cpu', { cpu: true });
});

describe('parameter counts, as the original Int2Int prints them', () => {
  it.each(CASES)('%s', (_flags, overrides, expected, tensors) => {
    const model = new TransformerModel(modelConfigFromParams(coreSettings(overrides)), 1019, new Rng([0]));
    const counts = model.parameterCounts();
    model.dispose();
    expect(Object.fromEntries(counts.modules.map((m) => [m.name, m.parameters]))).toEqual(expected);
    expect(counts.tensors).toBe(tensors);
  });

  it('--share_inout_emb false adds the output projection weight', () => {
    const model = new TransformerModel(
      modelConfigFromParams(coreSettings({ share_inout_emb: false })),
      1019,
      new Rng([0]),
    );
    const counts = model.parameterCounts();
    model.dispose();
    expect(counts.total).toBe(10_254_587);
    expect(counts.tensors).toBe(178);
  });
});
