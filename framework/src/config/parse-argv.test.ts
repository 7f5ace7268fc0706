// Tests for parseArgv: `--name value` and `--name=value`, dashes to underscores, aliases, and usage errors.
import { UsageError } from '../core/usage-error';
import { parseArgv } from './parse-argv';

describe('parseArgv', () => {
  it('reads --name value and --name=value pairs in command-line order', () => {
    const flags = parseArgv(['--operation', 'gcd', '--batch_size=32', '--optimizer', 'adam,lr=0.001']);
    expect([...flags.entries()]).toEqual([
      ['operation', 'gcd'],
      ['batch_size', '32'],
      ['optimizer', 'adam,lr=0.001'],
    ]);
  });

  it('keeps everything after the first = as the value, including an empty value', () => {
    const flags = parseArgv(['--optimizer=adam_warmup,lr=0.0001', '--dump_path=']);
    expect(flags.get('optimizer')).toBe('adam_warmup,lr=0.0001');
    expect(flags.get('dump_path')).toBe('');
  });

  it('turns dashes in names into underscores', () => {
    const flags = parseArgv(['--batch-size', '8', '--env-base-seed=3']);
    expect([...flags.keys()]).toEqual(['batch_size', 'env_base_seed']);
  });

  it('accepts negative numbers and a lone "--" as values', () => {
    const flags = parseArgv(['--env_base_seed', '-1', '--exp_name', '--']);
    expect(flags.get('env_base_seed')).toBe('-1');
    expect(flags.get('exp_name')).toBe('--');
  });

  it("maps the manual's spellings to Int2Int's names", () => {
    const flags = parseArgv(['--max_epochs', '5', '--base-env-seed', '7', '--beam_search=true']);
    expect(Object.fromEntries(flags)).toEqual({ max_epoch: '5', env_base_seed: '7', beam_eval: 'true' });
  });

  it('rejects positional arguments', () => {
    expect(() => parseArgv(['gcd'])).toThrow(UsageError);
    expect(() => parseArgv(['--operation', 'gcd', 'extra'])).toThrow(
      'Unexpected argument "extra": every setting is written --name value',
    );
    expect(() => parseArgv(['-b', '3'])).toThrow('Unexpected argument "-b"');
    expect(() => parseArgv(['--'])).toThrow('Unexpected argument "--"');
  });

  it('rejects a flag without a value, with the boolean hint', () => {
    expect(() => parseArgv(['--cpu'])).toThrow(
      '--cpu needs a value. Booleans are not switches in Int2Int: write --cpu true or --cpu false',
    );
    expect(() => parseArgv(['--eval_only', '--cpu', 'true'])).toThrow(UsageError);
    expect(() => parseArgv(['--eval-only', '--cpu', 'true'])).toThrow('--eval_only needs a value');
  });

  it('rejects a flag given twice, also through a different spelling', () => {
    expect(() => parseArgv(['--batch_size', '1', '--batch_size=2'])).toThrow('--batch_size is given twice');
    expect(() => parseArgv(['--max_epoch', '1', '--max-epochs', '2'])).toThrow('--max_epoch is given twice');
  });

  it('returns an empty map for an empty command line', () => {
    expect(parseArgv([]).size).toBe(0);
  });
});
