// The recurrent model computes what Int2Int's LSTMModel (torch's nn.LSTM / nn.GRU) computes, weight for weight.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backends/select-backend';
import { coreSettings } from '../config/core-parameters';
import { Rng } from '../core/rng';
import { collate } from '../data/batch';
import { noDropout } from './dropout';
import { modelConfigFromParams } from './model-config';
import { TransformerModel } from './transformer-model';

const VOCAB = 30;

/**
 * The first 8 logits at each of the 3 output positions of x = 17 22 19, y = 25 16 (width 4, hidden 3, 2 layers), with
 * every weight filled with 0.5 sin(0.7 i + 1.3 j) (i the flat index in torch's layout, j the weight's rank in the
 * sorted state_dict names), computed by the original Int2Int's LSTMModel (7379f23) on torch: the encoder's final
 * (h, c) start the decoder, which runs over <eos> 25 16.
 */
const TORCH_LOGITS = {
  lstm: [
    [-0.251155, -0.52961, -0.370563, 0.336301, -0.007328, 0.960492, -0.095955, 0.548075],
    [-0.249433, -0.532132, -0.367532, 0.333112, -0.004349, 0.958068, -0.094366, 0.547504],
    [-0.248371, -0.533691, -0.365656, 0.331136, -0.002501, 0.956562, -0.093375, 0.547144],
  ],
  gru: [
    [-0.228861, -0.564135, -0.327797, 0.290235, 0.036715, 0.923562, -0.070406, 0.536859],
    [-0.230965, -0.560816, -0.331947, 0.294738, 0.032381, 0.927227, -0.072978, 0.538041],
    [-0.232064, -0.559149, -0.33399, 0.29692, 0.03031, 0.928946, -0.074146, 0.538524],
  ],
};

beforeAll(async () => {
  await selectBackend('cpu', { cpu: true });
});

describe.each(['lstm', 'gru'] as const)('%s', (cell) => {
  it("gives the logits of Int2Int's LSTMModel for the same weights", async () => {
    const settings = coreSettings({
      lstm: true,
      GRU: cell === 'gru',
      lstm_hidden_dim: 3,
      enc_emb_dim: 4,
      dec_emb_dim: 4,
      n_enc_layers: 2,
      n_dec_layers: 2,
    });
    const model = new TransformerModel(modelConfigFromParams(settings), VOCAB, new Rng([0]));
    const names = (await model.getWeights()).map((w) => w.name).sort();
    model.setWeights(
      (await model.getWeights()).map((w) => {
        const j = names.indexOf(w.name);
        return { ...w, values: Float32Array.from(w.values, (_, i) => 0.5 * Math.sin(0.7 * i + 1.3 * j)) };
      }),
    );
    const batch = collate([{ x: [17, 22, 19], y: [25, 16], cls: 0 }]);
    const logits = tf.tidy(() => model['targetLogits'](batch, noDropout).logits.arraySync());
    model.dispose();
    expect(logits).toHaveLength(3);
    logits.forEach((row, t) =>
      row.slice(0, 8).forEach((value, k) => expect(value).toBeCloseTo(TORCH_LOGITS[cell][t][k], 4)),
    );
  });
});
