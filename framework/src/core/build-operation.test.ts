// Tests for buildOperation: defaults from the meta, overrides checked by name and type, a child container per build.
import { inject } from 'tsyringe';
import type { Operation } from '../operations/operation';
import { boolParam, intParam, stringParam, type ParamValues } from '../operations/parameters';
import { PositionalInt } from '../tokenizers/positional-int';
import { buildOperation } from './build-operation';
import { operation } from './registry/operation.decorator';
import { OPERATION_PARAMS } from './tokens';

@operation({
  name: 'build_operation_probe',
  summary: 'A probe operation for the buildOperation tests',
  params: {
    maxint: intParam(10, 'Largest value'),
    signed: boolParam(false, 'Draw negative values too'),
    mode: stringParam('a', 'A mode', ['a', 'b']),
  },
})
class ProbeOperation implements Operation<number, number> {
  readonly inputTokenizer = new PositionalInt(10);
  readonly outputTokenizer = new PositionalInt(10);

  constructor(@inject(OPERATION_PARAMS) readonly params: ParamValues) {}

  generate(): undefined {
    return undefined;
  }

  classOf(): number {
    return 0;
  }
}

describe('buildOperation', () => {
  it('fills the declared defaults and applies the overrides', () => {
    const built = buildOperation('build_operation_probe', { maxint: 50, mode: undefined });
    expect(built.operation).toBeInstanceOf(ProbeOperation);
    expect(built.params).toEqual({ maxint: 50, signed: false, mode: 'a' });
    expect((built.operation as ProbeOperation).params).toBe(built.params);
    expect(built.entry.meta.name).toBe('build_operation_probe');
  });

  it('builds a fresh instance with its own parameters each time', () => {
    const a = buildOperation('build_operation_probe', { maxint: 1 }).operation as ProbeOperation;
    const b = buildOperation('build_operation_probe', { maxint: 2 }).operation as ProbeOperation;
    expect([a.params.maxint, b.params.maxint]).toEqual([1, 2]);
  });

  it('suggests the closest name for an unknown parameter', () => {
    expect(() => buildOperation('build_operation_probe', { maxin: 3 })).toThrow(
      'Unknown parameter --maxin for operation build_operation_probe. Did you mean --maxint? ' +
        'Its parameters: --maxint, --signed, --mode.',
    );
  });

  it('checks the types and options of the values', () => {
    expect(() => buildOperation('build_operation_probe', { maxint: 1.5 })).toThrow(
      'must be an integer, got 1.5',
    );
    expect(() => buildOperation('build_operation_probe', { signed: 'yes' })).toThrow('must be true or false');
    expect(() => buildOperation('build_operation_probe', { mode: 'c' })).toThrow(
      'must be one of a, b, got "c"',
    );
  });

  it('names unknown operations', () => {
    expect(() => buildOperation('build_operation_prob')).toThrow(/Unknown operation "build_operation_prob"/);
  });
});
