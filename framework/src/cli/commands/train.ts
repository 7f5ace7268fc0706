// `int2int train`: train a transformer on an operation, with Int2Int's command-line parameters.
import { Flags } from '@oclif/core';
import { coreParameterFlags, RunCommand } from '../run-command';

export default class Train extends RunCommand {
  static override summary = 'Train a transformer on an operation (Int2Int: python train.py)';
  static override description =
    'Takes the parameters of Int2Int (manual §3) under their Int2Int names, booleans written --flag true|false, ' +
    'plus the parameters of the chosen operation (see `int2int operations:show NAME`). Settings may also come from ' +
    'a config file (int2int.config.json, .int2intrc, or "int2int" in package.json); command-line flags win. ' +
    'Runs in dump_path/exp_name/exp_id; running the same command again resumes from its last checkpoint.';
  static override usage = 'train --operation NAME [--PARAMETER VALUE]...';
  static override examples = [
    '<%= config.bin %> train --operation gcd --exp_name my_first_experiment --exp_id 1',
    '<%= config.bin %> train --operation gcd --epoch_size 10000 --optimizer adam,lr=1e-4',
    '<%= config.bin %> train --operation data --data_types "int[5]:range(5)" --train_data rank.train.gz --eval_data rank.test.gz --num_workers 0',
  ];
  static override flags = {
    config: Flags.string({ description: 'Read settings from this config file instead of searching for one' }),
    ...coreParameterFlags,
  };
  protected readonly forced = {};
}
