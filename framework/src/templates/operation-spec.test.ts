// Tests of the types and parameters of a new operation: the --data_types forms, `name:type=default:help`, the checks.
import {
  DEFAULT_PARAMS,
  operationSpec,
  parseParam,
  parseParamList,
  parseParams,
  parseValueType,
  typeName,
  validationError,
} from './operation-spec';

describe('input and output types', () => {
  it('reads int, int[n], range(b) and range(a,b), as --data_types does', () => {
    expect(parseValueType('int')).toEqual({ kind: 'int' });
    expect(parseValueType(' int[3] ')).toEqual({ kind: 'array', size: 3 });
    expect(parseValueType('range(5)')).toEqual({ kind: 'range', low: 0, high: 5 });
    expect(parseValueType('range(-2, 3)')).toEqual({ kind: 'range', low: -2, high: 3 });
    for (const text of ['int', 'int[7]', 'range(5)', 'range(-2,3)'])
      expect(typeName(parseValueType(text))).toBe(text);
  });

  it('refuses other forms with a message that says what to write', () => {
    expect(() => parseValueType('float')).toThrow(
      'unknown type "float"; use int, int[n], range(b) or range(a,b)',
    );
    expect(() => parseValueType('int[0]')).toThrow(/at least 1 integer/);
    expect(() => parseValueType('int[2][3]')).toThrow(/vectors only/);
    expect(() => parseValueType('range(3,3)')).toThrow(/"range\(3,3\)" is empty/);
    expect(validationError(parseValueType, 'int[')).toMatch(/^unknown type "int\["/);
    expect(validationError(parseValueType, 'range(10)')).toBeUndefined();
  });
});

describe('parameters', () => {
  it('read name:type=default, with a help text after a colon, or a known or plain one', () => {
    expect(parseParam('maxint:int=1000')).toEqual({
      name: 'maxint',
      type: 'int',
      default: 1000,
      help: 'the integers are drawn uniformly from [0, maxint]',
    });
    expect(parseParam('rate:float=0.5:the rate: per step')).toMatchObject({
      default: 0.5,
      help: 'the rate: per step',
    });
    expect(parseParam('signed:bool=false')).toMatchObject({ default: false, help: 'the signed parameter' });
    expect(parseParam('mode:string=')).toMatchObject({ type: 'string', default: '' });
  });

  it('check the default against the type, and the name', () => {
    expect(() => parseParam('maxint:int=1e3.5')).toThrow(
      'parameter "maxint": the default "1e3.5" is not a number',
    );
    expect(() => parseParam('maxint:int=2.5')).toThrow(/is not an integer/);
    expect(() => parseParam('flag:bool=yes')).toThrow(/is not true or false/);
    expect(() => parseParam('Max:int=1')).toThrow(/is not a parameter: write name:type=default/);
    expect(() => parseParam('n:double=1')).toThrow(/is not a parameter/);
    expect(() => parseParam('batch_size:int=1')).toThrow(/clashes with the core parameter --batch_size/);
    expect(() => parseParam('solve:int=1')).toThrow(/is a method of the operation/);
  });

  it('come as a list: repeated names and a base that is no base are refused, an empty list is none', () => {
    expect(parseParamList('maxint:int=10, base:int=2').map((p) => p.name)).toEqual(['maxint', 'base']);
    expect(parseParamList(' ')).toEqual([]);
    expect(() => parseParamList('a:int=1,a:int=2')).toThrow('parameter "a" is declared twice');
    expect(() => parseParams(['base:int=1'])).toThrow(/an int of at least 2/);
    expect(() => parseParams(['base:float=10'])).toThrow(/an int of at least 2/);
  });

  it('default to what the templates always declared', () => {
    expect(operationSpec()).toEqual({
      input: { kind: 'array', size: 2 },
      output: { kind: 'int' },
      params: parseParams(DEFAULT_PARAMS),
    });
    expect(DEFAULT_PARAMS).toEqual(['maxint:int=1000', 'base:int=10']);
  });
});
