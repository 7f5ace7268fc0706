// MultiHeadAttention: queries grouped over shared keys (beam search) give what repeated keys give.
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../core/rng';
import { MultiHeadAttention } from './attention';
import { noDropout } from './dropout';
import { ParameterStore } from './parameter-store';

describe('MultiHeadAttention', () => {
  it.each([false, true])(
    'attends G query rows per key row as if the keys were repeated G times (norm_attention %s)',
    (normalized) => {
      const [sources, group, len, srcLen, dim, heads] = [3, 4, 2, 5, 16, 4];
      const rng = new Rng([21]);
      const attention = new MultiHeadAttention(new ParameterStore(rng), 'a', heads, dim, dim, normalized, 0);
      const before = tf.memory().numTensors;
      const [grouped, repeated] = tf.tidy(() => {
        const source = tf.randomNormal<tf.Rank.R2>([sources * srcLen, dim], 0, 1, 'float32', 1);
        const input = tf.randomNormal<tf.Rank.R2>([sources * group * len, dim], 0, 1, 'float32', 2);
        const bias = tf.tensor4d(
          Array.from({ length: sources * srcLen }, (_, i) => (i % srcLen === srcLen - 1 ? -1e9 : 0)),
          [sources, 1, 1, srcLen],
        ); // the last source position is padding
        const rows = tf.tensor1d(
          Array.from({ length: sources * group }, (_, i) => Math.floor(i / group)),
          'int32',
        );
        const kv = attention.keysValues(source, sources);
        const q = attention.queries(input, sources * group);
        const tiled = { k: tf.gather(kv.k, rows), v: tf.gather(kv.v, rows) };
        return [
          attention.attend(q, kv, bias, noDropout),
          attention.attend(q, tiled, tf.gather(bias, rows), noDropout),
        ];
      });
      expect(grouped.shape).toEqual([sources * group * len, dim]);
      const expected = repeated.dataSync();
      grouped.dataSync().forEach((value, i) => expect(Math.abs(value - expected[i])).toBeLessThan(1e-5));
      tf.dispose([grouped, repeated]);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('refuses query rows that are not a multiple of the key rows', () => {
    const attention = new MultiHeadAttention(new ParameterStore(new Rng([22])), 'a', 2, 8, 8, false, 0);
    tf.tidy(() => {
      const kv = attention.keysValues(tf.zeros([3 * 2, 8]), 3);
      const q = attention.queries(tf.zeros([4, 8]), 4);
      expect(() => attention.attend(q, kv, null, noDropout)).toThrow(/4 query rows cannot be grouped over 3/);
    });
  });
});
