// The flags and argument with which `int2int runs` and `int2int plot` choose runs: a dump path, experiments, filters.
import { Args, Flags } from '@oclif/core';

export const DUMP_PATH_ARG = {
  dump_path: Args.string({ description: 'the --dump_path of the runs', default: './dumped' }),
};

export const RUN_SELECTION_FLAGS = {
  exp_name: Flags.string({ description: 'only the runs of this experiment (repeatable)', multiple: true }),
  filter: Flags.string({
    description: 'only the runs with this setting (or state): key=value, e.g. base=10 (repeatable)',
    multiple: true,
  }),
};
