// Tests of the {{operation}} operation: the int2int conformance harness, then the operation's own behaviour.
import { buildOperation, testOperation } from 'int2int/testing';
import { {{className}}Operation } from './{{operation}}.operation';

testOperation({{className}}Operation, {
  params: { maxint: 100 },
  examples: [
    { input: [12, 30], output: 42 },
    { input: [0, 7], output: 7 },
  ],
  wrongAnswers: [{ input: [12, 30], output: 42, predicted: 41 }],
});

describe('{{operation}}', () => {
  const op = buildOperation('{{operation}}').operation as {{className}}Operation;

  it('writes its problems and solutions with Int2Int tokens', () => {
    expect(op.inputTokenizer.encode([12, 30]).join(' ')).toBe('V2 + 1 2 + 3 0');
    expect(op.outputTokenizer.encode(42).join(' ')).toBe('+ 4 2');
  });

  it('classes examples by the number of digits of the sum', () => {
    expect(op.classOf(42)).toBe(2);
    expect(op.classOf(1042)).toBe(4);
  });
});
