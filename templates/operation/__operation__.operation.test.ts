// Tests of the {{operation}} operation: the int2int conformance harness, then the operation's own behaviour.
import { buildOperation, testOperation } from 'int2int/testing';
import { {{className}}Operation } from './{{operation}}.operation';

// Replace the listed examples with problems of your own and their solutions.
testOperation({{className}}Operation, {
{{testOptions}}
});

describe('{{operation}}', () => {
  const op = buildOperation('{{operation}}').operation as {{className}}Operation;

  it('writes its problems and solutions with Int2Int tokens', () => {
{{encodeInput}}
{{encodeOutput}}
  });

  it('classes examples by {{classDoc}}', () => {
    expect(op.classOf({{exampleOutput}})).toBe({{exampleClass}});
  });
});
