// Beam search: the hypothesis list, the search on a known distribution, and the model's cached beam decoding.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backends/select-backend';
import { coreSettings } from '../config/core-parameters';
import { Rng } from '../core/rng';
import { collate } from '../data/batch';
import { BeamHypotheses, beamSearch, type BeamOptions } from './beam-search';
import { modelConfigFromParams } from './model-config';
import { TransformerModel } from './transformer-model';

const OPTIONS: BeamOptions = { beamSize: 2, maxLen: 5, lengthPenalty: 1, earlyStopping: true };

describe('BeamHypotheses', () => {
  it('keeps the best beamSize hypotheses by length-normalised score', () => {
    const list = new BeamHypotheses(OPTIONS);
    list.add([5], -1, true); // score -1/2
    list.add([5, 6, 7], -1.6, true); // score -1.6/4 = -0.4
    list.add([8], -3, true); // score -1.5, worse than both
    expect(list.best().map((h) => h.tokens)).toEqual([[5, 6, 7], [5]]);
    expect(list.isDone(0)).toBe(true);
    const patient = new BeamHypotheses({ ...OPTIONS, earlyStopping: false });
    patient.add([5], -1, true);
    patient.add([6], -1.2, true);
    expect(patient.isDone(-0.1)).toBe(false); // a running beam could still reach -0.1/5
    expect(patient.isDone(-10)).toBe(true);
  });
});

describe('beamSearch', () => {
  // vocabulary: 0 <eos>, 1 <pad>, 2 "a", 3 "b"; "a" is likelier first, but "b a" is the likeliest sequence.
  const log = Math.log;
  const table = (history: number[]): number[] => {
    const key = history.join(' ');
    if (key === '') return [log(0.01), log(1e-9), log(0.55), log(0.44)];
    if (key === '2') return [log(0.3), log(1e-9), log(0.35), log(0.35)];
    if (key === '3') return [log(0.01), log(1e-9), log(0.98), log(0.01)];
    return [log(0.97), log(1e-9), log(0.015), log(0.015)];
  };

  it('finds the likeliest sequence where greedy decoding does not', async () => {
    let beams: number[][] = [[], []];
    const result = await beamSearch(
      1,
      4,
      { ...OPTIONS, lengthPenalty: 0 },
      (previous, _position, reorder) => {
        if (reorder) beams = Array.from(reorder, (r, i) => [...beams[r], previous[i]]);
        return Promise.resolve(Float32Array.from(beams.flatMap(table)));
      },
    );
    expect(result[0][0].tokens).toEqual([3, 2]);
    expect(result[0][0].finished).toBe(true);
    expect(result[0][0].score).toBeCloseTo(log(0.44 * 0.98 * 0.97), 5);
    expect(result[0].length).toBe(2);
  });
});

describe('TransformerModel.beamDecode', () => {
  const params = coreSettings({
    enc_emb_dim: 16,
    dec_emb_dim: 16,
    n_enc_layers: 1,
    n_dec_layers: 2,
    n_enc_heads: 2,
    n_dec_heads: 2,
  });

  beforeAll(async () => {
    await selectBackend('cpu', { cpu: true });
  });

  it('with one beam, decodes as greedy decoding does, without leaking tensors', async () => {
    const model = new TransformerModel(modelConfigFromParams(params), 30, new Rng([4]));
    const rng = new Rng([5]);
    const batch = collate(
      Array.from({ length: 6 }, () => ({
        x: [rng.int(15, 29), rng.int(15, 29)],
        y: [rng.int(15, 29)],
        cls: 0,
      })),
    );
    const before = tf.memory().numTensors;
    const greedy = await model.greedyDecode(batch, 6);
    const beam = await model.beamDecode(batch, {
      beamSize: 1,
      maxLen: 6,
      lengthPenalty: 1,
      earlyStopping: true,
    });
    expect(beam.map((hypotheses) => hypotheses[0].tokens)).toEqual(greedy.tokens);
    const wide = await model.beamDecode(batch, {
      beamSize: 4,
      maxLen: 6,
      lengthPenalty: 1,
      earlyStopping: false,
    });
    for (const hypotheses of wide) {
      expect(hypotheses.length).toBeGreaterThan(0);
      expect(hypotheses.length).toBeLessThanOrEqual(4);
      const scores = hypotheses.map((h) => h.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
