// `int2int evaluate`: evaluate a saved model once (Int2Int's --eval_only).
import { Flags } from '@oclif/core';
import { coreParameterFlags, RunCommand } from '../run-command';

export default class Evaluate extends RunCommand {
  static override summary = 'Evaluate a saved model (Int2Int: --eval_only true)';
  static override description =
    'Give --eval_from_exp DIR (evaluates best-<first validation metric>.ckpt, or checkpoint.ckpt) or --reload_model FILE. ' +
    'The model, the operation and its parameters come from the checkpoint; evaluation settings (--eval_data, ' +
    '--eval_size, --batch_size_eval, ...) may be changed.';
  static override usage = 'evaluate (--eval_from_exp DIR | --reload_model FILE) [--PARAMETER VALUE]...';
  static override examples = [
    '<%= config.bin %> evaluate --eval_from_exp dumped/my_first_experiment/1',
    '<%= config.bin %> evaluate --reload_model dumped/my_first_experiment/1/checkpoint.ckpt --eval_size 1000',
  ];
  static override flags = {
    config: Flags.string({ description: 'Read settings from this config file instead of searching for one' }),
    ...coreParameterFlags,
  };
  protected readonly forced = { eval_only: 'true' } as const;
}
