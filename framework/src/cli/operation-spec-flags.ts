// The --input, --output and --param flags of plugins:new and operations:new: the new operation's types and parameters.
import { Flags } from '@oclif/core';
import { DEFAULT_INPUT, DEFAULT_OUTPUT, DEFAULT_PARAMS } from '../templates/operation-spec';

export const operationSpecFlags = {
  input: Flags.string({
    description: 'its input type, as in --data_types: int, int[n], range(b) or range(a,b)',
    default: DEFAULT_INPUT,
  }),
  output: Flags.string({ description: 'its output type, as --input', default: DEFAULT_OUTPUT }),
  param: Flags.string({
    description: `a parameter it declares, name:type=default[:help] (type: int, float, bool or string); repeat it (default: ${DEFAULT_PARAMS.join(' ')})`,
    multiple: true,
  }),
};
