// Tests for IntTuple: the token layout of the shared elliptic files, round trips and malformed sequences.
import { IntTuple } from './int-tuple';

describe('IntTuple', () => {
  const curve = new IntTuple(5, 1000);

  it('writes integers as the shared files do, without a V prefix', () => {
    expect(curve.encode([1, 0, 1, 1, -28]).join(' ')).toBe('+ 1 + 0 + 1 + 1 - 28');
    expect(curve.encode([0, 0, 0, -12106875, -1234]).join(' ')).toBe('+ 0 + 0 + 0 - 12 106 875 - 1 234');
  });

  it('reads back what it writes, and says how many tokens it used', () => {
    const tokens = curve.encode([1, -1, 1, 673, -34424]);
    expect(curve.decode(tokens)).toEqual([1, -1, 1, 673, -34424]);
    expect(curve.parse([...tokens, '+', '7'])).toEqual({ value: [1, -1, 1, 673, -34424], consumed: 11 });
  });

  it('rejects too few integers, stray tokens and digits above the base', () => {
    expect(curve.decode('+ 1 + 0 + 1 + 1'.split(' '))).toBeUndefined();
    expect(curve.decode('+ 1 + 0 V5 + 1 + 1 - 28'.split(' '))).toBeUndefined();
    expect(new IntTuple(2, 10).decode('+ 1 + 12'.split(' '))).toBeUndefined();
    expect(() => curve.encode([1, 2])).toThrow('IntTuple expects 5 integers, got 2');
    expect(() => new IntTuple(0, 10)).toThrow(RangeError);
  });

  it('has the symbols of one PositionalInt', () => {
    expect(new IntTuple(25, 10).symbols).toEqual([
      '+',
      '-',
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
  });
});
