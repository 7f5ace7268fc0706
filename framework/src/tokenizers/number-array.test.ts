// Tests for NumberArray (tensors of integers), including the vocabulary of gcd's tokenizers (reference §3.1).
import { NumberArray } from './number-array';
import { PositionalInt } from './positional-int';
import { Vocabulary } from './vocabulary';

describe('NumberArray', () => {
  const pair = new NumberArray<number[]>(2, 'V', 1, new PositionalInt(1000));
  const matrix = new NumberArray<number[][]>(100, 'V', 2, new PositionalInt(10));

  it('encodes the dimensions then the elements row-major', () => {
    expect(pair.encode([985773, 305712])).toEqual(['V2', '+', '985', '773', '+', '305', '712']);
    expect(
      matrix
        .encode([
          [10, 12, 23],
          [44, 56, 35],
        ])
        .join(' '),
    ).toBe('V2 V3 + 1 0 + 1 2 + 2 3 + 4 4 + 5 6 + 3 5');
  });

  it('round trips vectors and matrices, ignoring trailing tokens', () => {
    expect(pair.decode([...pair.encode([-3, 0]), '+', '7'])).toEqual([-3, 0]);
    const m = [
      [-36, -12, 0],
      [54, 18, 0],
      [36, 12, 0],
    ];
    expect(matrix.decode(matrix.encode(m))).toEqual(m);
    expect(matrix.parse(matrix.encode([[1]]))).toEqual({ value: [[1]], consumed: 4 });
  });

  it('checks the shape when encoding', () => {
    expect(() => pair.encode([1, 2, 3])).toThrow(RangeError);
    expect(() => matrix.encode([[1, 2], [3]])).toThrow(/rectangular/);
    expect(() => matrix.encode([1, 2] as unknown as number[][])).toThrow(/rank 2/);
    expect(() => pair.encode([])).toThrow(RangeError);
  });

  it('returns undefined on malformed tokens', () => {
    expect(pair.decode([])).toBeUndefined();
    expect(pair.decode(['V3', '+', '1', '+', '2', '+', '3'])).toBeUndefined();
    expect(pair.decode(['V2', '+', '1'])).toBeUndefined();
    expect(pair.decode(['V2', '+', '1', '2'])).toBeUndefined();
    expect(matrix.decode(['V2', '+', '1'])).toBeUndefined();
  });

  it("gives gcd's vocabulary of 1019 words, in Int2Int's order", () => {
    const vocab = Vocabulary.fromSymbols(pair.symbols, new PositionalInt(1000).symbols);
    expect(vocab.size).toBe(1019);
    const ids = Object.fromEntries(['+', '-', '0', '1', '10', 'V1', 'V2'].map((w) => [w, vocab.id(w)]));
    expect(ids).toEqual({ '+': 15, '-': 16, '0': 17, '1': 18, '10': 19, V1: 1017, V2: 1018 });
  });
});
