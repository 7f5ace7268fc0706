// Tests for telling a sweep's own flags from its runs' settings, and the one-line refusals of flags that do not fit.
import { splitSweepArgv } from './sweep-options';

describe('splitSweepArgv', () => {
  test("the sweep's flags (repeatable ones included) apart from the runs' settings, in order", () => {
    const split = splitSweepArgv([
      ...['--operation', 'gcd', '--grid', 'base=10,30', '--max-epoch', '2', '--grid=n_enc_layers=2,4'],
      ...['--executor', 'slurm', '--sbatch', '--account=abc', '--cpus-per-task', '4', '--config', 'c.json'],
    ]);
    expect(split.grid).toEqual(['base=10,30', 'n_enc_layers=2,4']);
    expect(split.sbatch).toEqual(['--account=abc']);
    expect(split.configPath).toBe('c.json');
    expect(split.sweep).toMatchObject({
      executor: 'slurm',
      cpus_per_task: 4,
      parallel: 1,
      signal_seconds: 120,
    });
    expect([...split.train]).toEqual([
      ['operation', 'gcd'],
      ['max_epoch', '2'],
    ]);
  });

  test.each([
    [
      ['--grid', 'base=1', '--exp_id', 'a'],
      '--exp_id: each run of a sweep is named after its settings: remove --exp_id',
    ],
    [['--grid', 'base=1', '--debug', 'true'], '--debug: a sweep runs real experiments: remove --debug'],
    [
      ['--grid', 'base=1', '--mem', '4G'],
      '--mem is a setting of Slurm jobs: add --executor slurm, or remove it',
    ],
    [
      ['--grid', 'base=1', '--sbatch', '--qos=x'],
      '--sbatch is a setting of Slurm jobs: add --executor slurm, or remove it',
    ],
    [
      ['--grid', 'base=1', '--executor', 'slurm', '--parallel', '2'],
      '--parallel is for --executor local: on Slurm, limit the tasks running at once with --max_running N',
    ],
    [['--executor', 'pbs'], '--executor'],
    [['--parallel', '0'], '--parallel'],
    [['--parallel'], '--parallel needs a value'],
    [['--seeds', '1', '--seeds', '2'], '--seeds is given twice'],
  ])('refuses %j', (argv, message) => {
    expect(() => splitSweepArgv(argv)).toThrow(message);
  });
});
