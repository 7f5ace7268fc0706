// `int2int elliptic:prepare`: a table of curves -> deduplicated rank/torsion/ap25 train/valid/test files split by isogeny class.
import { resolve } from 'node:path';
import { Args, Command, Flags } from '@oclif/core';
import { readCurveTable } from '../../prepare/curve-table';
import { parseTasks, splitByClass, SPLITS, writeSplits } from '../../prepare/split-dataset';

export default class Prepare extends Command {
  static override summary = 'Write rank, torsion and a_p data files from a table of elliptic curves';
  static override description =
    'Reads TABLE, one curve per line: `label a1 a2 a3 a4 a6 rank torsion a_2 a_3 ... a_97` (whitespace separated; ' +
    'lines starting with # are skipped; a .gz file is read directly). Labels are Cremona (11a1) or LMFDB (11.a2) ' +
    'labels; the isogeny class is the label without its trailing curve number. Duplicate curves are dropped, the ' +
    'classes are shuffled with --seed and split into test, valid and train (no class in two splits), and ' +
    'rank.<split>, torsion.<split>, ap25.<split> and <split>.labels are written in the format of ' +
    'Int2Int (train with --operation elliptic_rank, elliptic_torsion or elliptic_ap).';
  static override examples = [
    '<%= config.bin %> elliptic:prepare curves.txt --output ./elliptic-data',
    '<%= config.bin %> elliptic:prepare curves.txt.gz --output ./data --valid_size 0.01 --test_size 10000 --tasks rank,ap --seed 1',
  ];
  static override args = {
    table: Args.string({ description: 'The table of curves (text, or .gz)', required: true }),
  };
  static override flags = {
    output: Flags.string({ description: 'Folder to write the files in', default: '.' }),
    valid_size: Flags.string({
      description: 'Curves in valid: a number, or a share below 1',
      default: '10000',
    }),
    test_size: Flags.string({
      description: 'Curves in test: a number, or a share below 1',
      default: '10000',
    }),
    seed: Flags.integer({ description: 'Seed of the shuffle of classes and curves', default: 0 }),
    tasks: Flags.string({
      description: 'Files to write, among rank, torsion, ap',
      default: 'rank,torsion,ap',
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Prepare);
    try {
      const tasks = parseTasks(flags.tasks);
      const { curves, duplicates } = await readCurveTable(args.table);
      const classes = new Set(curves.map((curve) => curve.isogenyClass)).size;
      this.log(
        `Read ${curves.length} curves in ${classes} isogeny classes (${duplicates} duplicate lines dropped)`,
      );
      const splits = splitByClass(curves, {
        validSize: Number(flags.valid_size),
        testSize: Number(flags.test_size),
        seed: flags.seed,
      });
      const written = writeSplits(resolve(flags.output), splits, tasks);
      for (const split of SPLITS) this.log(`${split}: ${splits[split].length} curves`);
      this.log(`Wrote ${written.join(', ')}`);
    } catch (error) {
      this.error((error as Error).message, { exit: 1 });
    }
  }
}
