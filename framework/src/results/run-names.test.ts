// Tests for run names: the settings that differ between the runs shown, an operation's own first, the seed last.
import { distinguishingSettings, runLabel } from './run-names';

describe('distinguishingSettings', () => {
  test('names each run by the settings in which the runs differ', () => {
    const runs = [
      { dir: 'a', params: { base: 10, enc_emb_dim: 64, env_base_seed: 1, exp_id: 'a', batch_size: 32 } },
      { dir: 'b', params: { base: 1000, enc_emb_dim: 64, env_base_seed: 2, exp_id: 'b', batch_size: 32 } },
      { dir: 'c', params: { base: 10, enc_emb_dim: 128, env_base_seed: 3, exp_id: 'c', batch_size: 32 } },
    ];
    expect(distinguishingSettings(runs)).toEqual(
      new Map([
        ['a', 'base=10, enc_emb_dim=64, env_base_seed=1'],
        ['b', 'base=1000, enc_emb_dim=64, env_base_seed=2'],
        ['c', 'base=10, enc_emb_dim=128, env_base_seed=3'],
      ]),
    );
    expect(runLabel({ expName: 'gcd', expId: 'a' }, 'base=10')).toBe('gcd/a · base=10');
  });

  test("names runs of other operations by their operation, not by each other's parameters", () => {
    const runs = [
      { dir: 'a', params: { operation: 'gcd', maxint: 100, base: 10 } },
      { dir: 'b', params: { operation: 'digit_sum', maxint: 50, signed: false } },
    ];
    expect(distinguishingSettings(runs)).toEqual(
      new Map([
        ['a', 'operation=gcd, maxint=100'],
        ['b', 'operation=digit_sum, maxint=50'],
      ]),
    );
  });

  test('is empty for a run alone, and shortens a long list', () => {
    expect(distinguishingSettings([{ dir: 'a', params: { base: 10 } }]).get('a')).toBe('');
    const many = (n: number) =>
      Object.fromEntries(
        ['maxint', 'enc_emb_dim', 'dec_emb_dim', 'n_enc_layers', 'n_dec_layers'].map((k) => [k, n]),
      );
    expect(
      distinguishingSettings([
        { dir: 'a', params: many(1) },
        { dir: 'b', params: many(2) },
      ]).get('a'),
    ).toBe('maxint=1, enc_emb_dim=1, dec_emb_dim=1, n_enc_layers=1, …');
    expect(runLabel({ expName: 'gcd', expId: 'a' }, '')).toBe('gcd/a');
  });
});
