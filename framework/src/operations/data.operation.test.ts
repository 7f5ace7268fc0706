// Tests for the `data` operation: tokenizers from --data_types, classes, and its clear refusals.
import { buildOperation, testOperation } from '../testing';
import { DataOperation } from './data.operation';

testOperation(DataOperation, {
  params: { data_types: 'int[5]:range(5)' },
  examples: [
    { input: [1, 0, 1, 1, -28], output: 0 },
    { input: [1, -1, 1, 673, -34424], output: 3 },
  ],
  wrongAnswers: [{ input: [1, 0, 1, 1, -28], output: 0, predicted: 1 }],
});

describe('data', () => {
  it('is typed by --data_types and classes outputs modulo max_class', () => {
    const data = buildOperation('data', { data_types: 'int:int[2]', max_class: 10 })
      .operation as DataOperation;
    expect(data.inputTokenizer.encode(1234)).toEqual(['+', '1', '234']);
    expect(data.classOf([23, 4])).toBe(3);
    expect(data.classOf(-3)).toBe(7);
  });

  it('needs --data_types', () => {
    expect(() => buildOperation('data')).toThrow(
      '--operation data needs --data_types "IN:OUT", e.g. --data_types "int[5]:range(5)" (see the README)',
    );
    expect(() => buildOperation('data', { data_types: 'int[5]:rnge(5)' })).toThrow(
      /unknown type "rnge\(5\)"/,
    );
  });

  it('does not generate', () => {
    const data = buildOperation('data', { data_types: 'int:int' }).operation;
    expect(() => data.generate(undefined as never, 'train')).toThrow(
      '--operation data reads its examples from files: give --train_data and --eval_data',
    );
  });
});
