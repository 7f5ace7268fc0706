// Tests for PositionalInt: Int2Int's signed base-B integer encoding.
import { PositionalInt } from './positional-int';

describe('PositionalInt', () => {
  const base1000 = new PositionalInt(1000);

  it('has the signs then the digits 0..B-1 as symbols', () => {
    expect(new PositionalInt(10).symbols).toEqual([
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
    expect(base1000.symbols).toHaveLength(1002);
  });

  it('encodes a sign then the digits, most significant first', () => {
    expect(base1000.encode(985773)).toEqual(['+', '985', '773']);
    expect(base1000.encode(-16963578291)).toEqual(['-', '16', '963', '578', '291']);
    expect(base1000.encode(0)).toEqual(['+', '0']);
    expect(new PositionalInt(10).encode(12)).toEqual(['+', '1', '2']);
  });

  it('round trips values', () => {
    for (const v of [
      0,
      1,
      -1,
      999,
      1000,
      -1000,
      123456789,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
    ]) {
      expect(base1000.decode(base1000.encode(v))).toBe(v);
    }
  });

  it('rejects values that are not safe integers with a RangeError', () => {
    expect(() => base1000.encode(1.5)).toThrow(RangeError);
    expect(() => base1000.encode(2 ** 53)).toThrow(/safe integers/);
    expect(() => new PositionalInt(1)).toThrow(RangeError);
  });

  it('parses up to the first non-digit and reports the tokens used', () => {
    expect(base1000.parse(['+', '3', '500', '+', '2'])).toEqual({ value: 3500, consumed: 3 });
    expect(base1000.parse(['-', '7', 'V2'])).toEqual({ value: -7, consumed: 2 });
    expect(base1000.decode(['-', '0'])).toBe(0);
  });

  it('reports malformed sequences as undefined', () => {
    expect(base1000.decode([])).toBeUndefined();
    expect(base1000.decode(['+'])).toBeUndefined();
    expect(base1000.decode(['+', '+', '1'])).toBeUndefined();
    expect(base1000.decode(['3', '500'])).toBeUndefined();
    expect(base1000.decode(['+', '1000'])).toBeUndefined();
    expect(new PositionalInt(10).decode(['+', '12'])).toBeUndefined();
  });
});
