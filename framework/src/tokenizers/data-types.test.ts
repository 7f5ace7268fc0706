// Tests for the --data_types mini-language of `--operation data`.
import { parseDataTypes } from './data-types';
import { NumberArray } from './number-array';
import { PositionalInt } from './positional-int';
import { SymbolicInt } from './symbolic-int';
import { Vocabulary } from './vocabulary';

describe('parseDataTypes', () => {
  it('reads every accepted form', () => {
    const { input, output } = parseDataTypes('int[5]:range(5)', 1000);
    expect(input).toBeInstanceOf(NumberArray);
    expect((input as NumberArray).maxDim).toBe(5);
    expect(output).toBeInstanceOf(SymbolicInt);
    expect(output.symbols).toEqual(['0', '1', '2', '3', '4']);
    expect(parseDataTypes('int:range(2,5)', 10).output.symbols).toEqual(['2', '3', '4']);
    expect(parseDataTypes('int:int', 10).input).toBeInstanceOf(PositionalInt);
    const matrix = parseDataTypes('int[3][4]:int', 10).input as NumberArray;
    expect([matrix.maxDim, matrix.tensorDim]).toEqual([4, 2]);
    expect(
      matrix
        .encode([
          [1, 2, 3, 4],
          [5, 6, 7, 8],
          [9, 0, 1, 2],
        ])
        .slice(0, 2),
    ).toEqual(['V3', 'V4']);
  });

  it('uses the base for integers', () => {
    expect(parseDataTypes('int:int', 10).output.encode(12)).toEqual(['+', '1', '2']);
  });

  it('gives the vocabulary of 1022 words for int[5]:range(5) (reference §3.1)', () => {
    const { input, output } = parseDataTypes('int[5]:range(5)', 1000);
    expect(Vocabulary.fromSymbols(input.symbols, output.symbols).size).toBe(1022);
  });

  it('explains what is wrong and lists the accepted forms', () => {
    expect(() => parseDataTypes('int[5]:rnge(5)', 1000)).toThrow(
      '--data_types "int[5]:rnge(5)": unknown type "rnge(5)"; use int, int[n], int[n][m], range(b) or range(a,b)',
    );
    expect(() => parseDataTypes('int[5]', 1000)).toThrow(/exactly one colon/);
    expect(() => parseDataTypes('int:int:int', 1000)).toThrow(/exactly one colon/);
    expect(() => parseDataTypes('int:range(1, 5)', 1000)).toThrow(/spaces are not allowed.*range\(1,5\)/);
    expect(() => parseDataTypes('int:range(5)[2]', 1000)).toThrow(/arrays of ranges/);
    expect(() => parseDataTypes('int:range(5,5)', 1000)).toThrow(/needs a < b/);
    expect(() => parseDataTypes('int[0]:int', 1000)).toThrow(/at least 1/);
    expect(() => parseDataTypes(':int', 1000)).toThrow(/a side is empty/);
  });
});
