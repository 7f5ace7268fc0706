// Tests for SymbolicInt: one token per integer of a range.
import { SymbolicInt } from './symbolic-int';

describe('SymbolicInt', () => {
  it('has one symbol per value, with the prefix', () => {
    expect(new SymbolicInt(1, 3, 'V').symbols).toEqual(['V1', 'V2', 'V3']);
    expect(new SymbolicInt(0, 1).symbols).toEqual(['0', '1']);
  });

  it('encodes and decodes values of its range', () => {
    const ranks = new SymbolicInt(1, 100);
    expect(ranks.encode(42)).toEqual(['42']);
    expect(ranks.decode(['42', '+', '1'])).toBe(42);
    expect(ranks.parse(['100'])).toEqual({ value: 100, consumed: 1 });
  });

  it('rejects values outside its range', () => {
    const dims = new SymbolicInt(1, 4, 'V');
    expect(() => dims.encode(5)).toThrow(RangeError);
    expect(() => dims.encode(0)).toThrow(/cannot encode 0/);
    expect(dims.decode(['V5'])).toBeUndefined();
    expect(dims.decode(['4'])).toBeUndefined();
    expect(dims.decode([])).toBeUndefined();
    expect(() => new SymbolicInt(3, 2)).toThrow(RangeError);
  });
});
