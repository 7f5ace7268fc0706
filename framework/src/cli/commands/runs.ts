// `int2int runs`: the table of the runs of a dump path, as the manual's ReadXP notebook builds (manual §5).
import { Command, Flags } from '@oclif/core';
import { renderCsv, renderJson, renderText } from '../../results/render-run-table';
import { DEFAULT_METRIC, readSelection, runTable, SORT_COLUMNS } from '../../results/run-table';
import { exitWithError } from '../exit-with-error';
import { DUMP_PATH_ARG, RUN_SELECTION_FLAGS } from '../run-selection-flags';

export default class Runs extends Command {
  static override summary =
    'Tabulate the runs of a dump path: state, progress, best and last scores, settings';
  static override description =
    'One row per run (exp_name/exp_id) under DUMP_PATH, read from its params.json and events.jsonl (an original Int2Int run: its train.log), also while ' +
    'it runs: its state (running, finished, stopped, failed, diverged), epochs evaluated, training examples ' +
    'seen, the best and last value of --metric with their epochs, the time it took, its training speed and ' +
    'backend, then a column for each setting in which the rows differ.';
  static override args = DUMP_PATH_ARG;
  static override flags = {
    ...RUN_SELECTION_FLAGS,
    metric: Flags.string({ description: 'the score shown (best and last)', default: DEFAULT_METRIC }),
    sort: Flags.string({
      description: `sort by a column (${SORT_COLUMNS.join(', ')}) or a setting; scores best first`,
    }),
    json: Flags.boolean({ description: 'print the table as JSON', exclusive: ['csv'] }),
    csv: Flags.boolean({ description: 'print the table as CSV', exclusive: ['json'] }),
  };
  static override examples = [
    '<%= config.bin %> runs',
    '<%= config.bin %> runs ./dumped --exp_name gcd --sort best',
    '<%= config.bin %> runs --filter base=10 --metric valid_arithmetic_xe_loss --csv > runs.csv',
  ];

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Runs);
    try {
      const filters = readSelection(args.dump_path, flags.filter);
      const table = runTable(args.dump_path, {
        expNames: flags.exp_name,
        metric: flags.metric,
        filters,
        sort: flags.sort,
      });
      for (const line of [...table.skipped.map((s) => `Skipped ${s}`), ...table.problems])
        process.stderr.write(`Warning: ${line}\n`);
      if (table.rows.length > 0 && table.rows.every((row) => row.best === undefined))
        process.stderr.write(
          `Warning: no run has a value of ${flags.metric} (is it the metric's full name?)\n`,
        );
      this.log(flags.json ? renderJson(table) : flags.csv ? renderCsv(table) : renderText(table));
    } catch (error) {
      exitWithError(this, error);
    }
  }
}
