// Tests for PredictionTable: the --export_pred confusion table of true and predicted classes, as CSV and log lines.
import { INVALID, PredictionTable } from './prediction-table';

const name = (cls: number) => `c${cls}`;

function sample(): PredictionTable {
  const table = new PredictionTable();
  for (let i = 0; i < 8; i++) table.add(1, 1);
  table.add(1, 2);
  table.add(1, INVALID);
  table.add(4, 2);
  table.add(4, 4);
  table.add(4, 4);
  table.add(4, 8);
  table.add(4, 16);
  return table;
}

describe('PredictionTable', () => {
  it('writes a row per true class and a column per class seen, then invalid and total', () => {
    expect(sample().toCsv(name)).toBe(
      ['true\\predicted,c1,c2,c4,c8,c16,invalid,total', 'c1,8,1,0,0,0,1,10', 'c4,0,1,2,1,1,0,5', ''].join(
        '\n',
      ),
    );
  });

  it('logs each true class with its share predicted right and its most frequent predictions', () => {
    expect(sample().toLines(name)).toEqual([
      'class  examples  correct  most frequent predictions',
      '   c1        10    80.0%  c1 (80.0%), c2 (10.0%), invalid (10.0%)',
      '   c4         5    40.0%  c4 (40.0%), c2 (20.0%), c8 (20.0%), others (20.0%)',
    ]);
  });

  it('shows 0% for a class never predicted as itself', () => {
    const table = new PredictionTable();
    table.add(3, INVALID);
    expect(table.toLines(String)[1]).toBe('    3         1     0.0%  invalid (100.0%)');
  });
});
