// The `data` operation: examples read from --train_data / --eval_data files, typed by --data_types.
import { operation } from '../core/registry/operation.decorator';
import { parseDataTypes, type DataValue } from '../tokenizers/data-types';
import type { Tokenizer } from '../tokenizers/tokenizer';
import type { Operation } from './operation';
import { intParam, stringParam, type ParamsOf } from './parameters';

const params = {
  data_types: stringParam('', 'Types of the file\'s input and output, "IN:OUT", e.g. "int[5]:range(5)"'),
  base: intParam(1000, 'Base of the integers (int) in the files', { min: 2 }),
  max_class: intParam(101, 'Classes are the output value (first element of an array) modulo max_class', {
    min: 1,
  }),
};

@operation({
  name: 'data',
  summary: 'Examples read from --train_data / --eval_data files, typed by --data_types',
  params,
  generates: false,
})
export class DataOperation implements Operation<DataValue, DataValue> {
  readonly inputTokenizer: Tokenizer<DataValue>;
  readonly outputTokenizer: Tokenizer<DataValue>;
  private readonly maxClass: number;

  constructor({ data_types: dataTypes, base, max_class: maxClass }: ParamsOf<typeof params>) {
    if (dataTypes === '') {
      throw new Error(
        '--operation data needs --data_types "IN:OUT", e.g. --data_types "int[5]:range(5)" (see the README); ' +
          'data is the default operation, as in Int2Int: for a generated problem give one, e.g. --operation gcd',
      );
    }
    const { input, output } = parseDataTypes(dataTypes, base);
    this.inputTokenizer = input;
    this.outputTokenizer = output;
    this.maxClass = maxClass;
  }

  generate(): never {
    throw new Error(
      '--operation data reads its examples from files: give --train_data and --eval_data ' +
        '(or choose a generating operation, see int2int operations:list)',
    );
  }

  /** The output value (its first element, for an array) modulo max_class, made non-negative. */
  classOf(output: DataValue): number {
    let value: DataValue = output;
    while (Array.isArray(value)) value = value[0];
    return ((value % this.maxClass) + this.maxClass) % this.maxClass;
  }
}
