// Tests for guardOperation: a failing call into plugin code names the operation, its plugin, the method and the value.
import type { Operation } from '../operations/operation';
import { PositionalInt } from '../tokenizers/positional-int';
import { guardOperation, PluginCodeError } from './plugin-guard';

class Broken implements Operation<number, number> {
  readonly inputTokenizer = new PositionalInt(10);
  readonly outputTokenizer = new PositionalInt(10);
  generate() {
    return undefined;
  }
  classOf(output: number) {
    return output - 3;
  }
  verify(): never {
    throw new TypeError('Cannot read properties of undefined (reading "length")');
  }
  describe(input: number) {
    return `broken(${input})`;
  }
}

describe('guardOperation', () => {
  const operation = guardOperation(new Broken(), 'broken', 'int2int-broken');

  it('names the operation, the plugin, the method and its argument when plugin code throws', () => {
    expect(() => operation.verify!(1, 2, 3)).toThrow(PluginCodeError);
    expect(() => operation.verify!(1, 2, 3)).toThrow(
      'Operation broken (int2int-broken): verify(1, 2) threw: Cannot read properties of undefined (reading "length")',
    );
    expect(() => operation.outputTokenizer.encode(2.5)).toThrow(
      /^Operation broken \(int2int-broken\): its output tokenizer's encode\(2\.5\) threw: /,
    );
  });

  it('checks that classOf (code_class) returns a non-negative integer, declaring the arguments it declares', () => {
    expect(operation.classOf.length).toBe(1);
    expect(operation.classOf(5, undefined)).toBe(2);
    expect(() => operation.classOf(1, undefined)).toThrow(
      'Operation broken (int2int-broken): classOf(1) returned -2; a class is a non-negative integer',
    );
  });

  it('passes results through, keeps what the operation does not define undefined, and leaves generate() as it is', () => {
    expect(operation.describe!(4)).toBe('broken(4)');
    expect(operation.inputTokenizer.decode(['+', '1', '2'])).toBe(12);
    expect('className' in operation || 'describeOutput' in operation).toBe(false);
    expect(operation.generate(undefined as never, 'train')).toBeUndefined();
  });
});
