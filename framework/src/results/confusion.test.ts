// Tests of reading --export_pred's tables back: the cells of a CSV, its epochs in numeric order, and one-line errors
// naming the file and line of a table that is not one.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PredictionTable, INVALID } from '../evaluation/prediction-table';
import { confusionEpochs, parseConfusionCsv, readConfusion } from './confusion';

describe('confusion tables', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'confusion-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads back the cells that the evaluation wrote, invalid predictions included', () => {
    const table = new PredictionTable();
    for (const [actual, predicted] of [
      [1, 1],
      [1, 1],
      [2, 1],
      [2, INVALID],
      [4, 4],
    ])
      table.add(actual, predicted);
    const read = parseConfusionCsv(table.toCsv(String), 'p.csv');
    expect(read.actualClasses).toEqual(['1', '2', '4']);
    expect(read.predictedClasses).toEqual(['1', '2', '4', 'invalid']);
    expect(read.cells.filter((cell) => cell.count > 0)).toEqual([
      { actual: '1', predicted: '1', count: 2 },
      { actual: '2', predicted: '1', count: 1 },
      { actual: '2', predicted: 'invalid', count: 1 },
      { actual: '4', predicted: '4', count: 1 },
    ]);
  });

  it('finds the epochs of a split in numeric order and reads the last by default', () => {
    const csv = 'true\\predicted,1,invalid,total\n1,3,0,3\n';
    for (const name of ['predictions.valid.10.csv', 'predictions.valid.2.csv', 'predictions.test.3.csv'])
      fs.writeFileSync(path.join(dir, name), csv);
    expect(confusionEpochs(dir, 'valid')).toEqual([2, 10]);
    expect(readConfusion(dir, 'valid').epoch).toBe(10);
    expect(readConfusion(dir, 'test', 3).file).toBe(path.join(dir, 'predictions.test.3.csv'));
    expect(confusionEpochs(path.join(dir, 'missing'), 'valid')).toEqual([]);
  });

  it('names the file and line of a table that is not one', () => {
    expect(() => parseConfusionCsv('class,count\n1,2\n', 'p.csv')).toThrow(
      'p.csv:1: not a predictions table (its header is not true\\predicted,...,invalid,total)',
    );
    expect(() => parseConfusionCsv('true\\predicted,1,invalid,total\n1,3,0,3\n2,x,0,1\n', 'p.csv')).toThrow(
      'p.csv:3: expected a class and 3 counts, found "2,x,0,1"',
    );
  });
});
