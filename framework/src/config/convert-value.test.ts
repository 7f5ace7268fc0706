// Tests for convertValue: raw settings to bool/int/float/string, option lists, and messages naming the source.
import { UsageError } from '../core/usage-error';
import { boolParam, floatParam, intParam, stringParam } from '../operations/parameters';
import { convertValue } from './convert-value';

const bool = boolParam(false, 'a switch');
const int = intParam(0, 'a count');
const float = floatParam(0, 'a rate');
const str = stringParam('', 'a name');

describe('convertValue', () => {
  it.each(['true', 'on', '1', 'TRUE', 'On', 'tRuE'])('reads %j as true', (raw) => {
    expect(convertValue('--cpu', bool, raw)).toBe(true);
  });

  it.each(['false', 'off', '0', 'FALSE', 'Off'])('reads %j as false', (raw) => {
    expect(convertValue('--cpu', bool, raw)).toBe(false);
  });

  it('passes JSON booleans through and rejects other words and types', () => {
    expect(convertValue('cpu in c.json', bool, true)).toBe(true);
    expect(convertValue('cpu in c.json', bool, false)).toBe(false);
    expect(() => convertValue('--cpu', bool, 'yes')).toThrow('--cpu must be true or false, got "yes"');
    expect(() => convertValue('--cpu', bool, '')).toThrow(UsageError);
    expect(() => convertValue('cpu in c.json', bool, 1)).toThrow(
      'cpu in c.json must be true or false, got 1',
    );
  });

  it('reads integers, including exponent notation with an integer value', () => {
    expect(convertValue('--batch_size', int, '32')).toBe(32);
    expect(convertValue('--batch_size', int, '-1')).toBe(-1);
    expect(convertValue('--epoch_size', int, '1e6')).toBe(1000000);
    expect(convertValue('--epoch_size', int, ' 7 ')).toBe(7);
    expect(convertValue('batch_size in c.json', int, 64)).toBe(64);
  });

  it('rejects non-integers, naming the source', () => {
    expect(() => convertValue('--batch_size', int, '1.5')).toThrow(
      '--batch_size must be an integer, got "1.5"',
    );
    expect(() => convertValue('--batch_size', int, 'ten')).toThrow('must be an integer, got "ten"');
    expect(() => convertValue('--batch_size', int, '')).toThrow('must be an integer, got ""');
    expect(() => convertValue('--batch_size', int, '   ')).toThrow(UsageError);
    expect(() => convertValue('--batch_size', int, '1e300')).toThrow(UsageError);
    expect(() => convertValue('batch_size in c.yaml', int, 2.5)).toThrow(
      'batch_size in c.yaml must be an integer, got 2.5',
    );
    expect(() => convertValue('batch_size in c.yaml', int, true)).toThrow('must be an integer, got true');
  });

  it('reads floats and rejects what is not a finite number', () => {
    expect(convertValue('--dropout', float, '0.1')).toBe(0.1);
    expect(convertValue('--dropout', float, '1e-4')).toBe(1e-4);
    expect(convertValue('--dropout', float, 3)).toBe(3);
    expect(() => convertValue('--dropout', float, 'abc')).toThrow('--dropout must be a number, got "abc"');
    expect(() => convertValue('--dropout', float, 'Infinity')).toThrow('must be a number');
    expect(() => convertValue('--dropout', float, '')).toThrow('must be a number');
  });

  it('reads strings, numbers in config files included', () => {
    expect(convertValue('--exp_name', str, 'run1')).toBe('run1');
    expect(convertValue('--exp_name', str, '')).toBe('');
    expect(convertValue('exp_id in c.json', str, 12)).toBe('12');
    expect(() => convertValue('exp_id in c.json', str, ['a'])).toThrow(
      'exp_id in c.json must be a string, got ["a"]',
    );
  });

  it('checks option lists', () => {
    const backend = stringParam('auto', 'backend', ['auto', 'wasm', 'cpu']);
    expect(convertValue('--backend', backend, 'wasm')).toBe('wasm');
    expect(() => convertValue('--backend', backend, 'gpu')).toThrow(
      '--backend must be one of auto, wasm, cpu, got "gpu"',
    );
    expect(() => convertValue('--backend', backend, 'WASM')).toThrow(UsageError);
  });

  it('checks declared ranges, saying what is accepted', () => {
    const batch = intParam(32, 'batch size', { min: 1 });
    const rate = floatParam(0, 'dropout', { min: 0, below: 1 });
    const verbose = intParam(0, 'verbosity', { min: 0, max: 2 });
    expect(convertValue('--batch_size', batch, '1')).toBe(1);
    expect(() => convertValue('--batch_size', batch, '0')).toThrow(
      '--batch_size must be at least 1, got "0"',
    );
    expect(() => convertValue('batch_size in c.json', batch, -5)).toThrow(
      'batch_size in c.json must be at least 1, got -5',
    );
    expect(convertValue('--dropout', rate, '0.5')).toBe(0.5);
    expect(() => convertValue('--dropout', rate, '1')).toThrow('--dropout must be in [0, 1), got "1"');
    expect(() => convertValue('--eval_verbose', verbose, '3')).toThrow(
      '--eval_verbose must be from 0 to 2, got "3"',
    );
  });
});
