// Tests for the sbatch script of a sweep: the array, the resources asked for, the task's command, one-line refusals.
import { arraySpec, checkSlurmOptions, shellQuote, slurmScript, type SlurmOptions } from './slurm-script';

const options: SlurmOptions = { cpusPerTask: 2, signalSeconds: 120, extra: [] };

describe('slurmScript', () => {
  test('one array task per run, at most maxRunning at once, a time-limit warning to the batch shell', () => {
    const script = slurmScript({
      jobName: 'bases',
      cwd: '/work/project',
      outputDir: '/d/bases/.sweep/slurm',
      tasks: [
        { index: 0, argv: ['/usr/bin/node', '/cli/run.js', 'train', '--base', '10', '--exp_id', 'base=10'] },
        {
          index: 3,
          argv: ['/usr/bin/node', '/cli/run.js', 'train', '--optimizer', 'adam,lr=1e-4', '--x', "it's"],
        },
      ],
      options: {
        ...options,
        maxRunning: 2,
        mem: '4G',
        time: '2:00:00',
        partition: 'debug',
        gres: 'gpu:1',
        extra: ['--account=abc'],
      },
    });
    const sbatch = script.split('\n').filter((line) => line.startsWith('#SBATCH'));
    expect(sbatch).toEqual([
      '#SBATCH --job-name=bases',
      '#SBATCH --array=0,3%2',
      '#SBATCH --cpus-per-task=2',
      '#SBATCH --mem=4G',
      '#SBATCH --time=2:00:00',
      '#SBATCH --partition=debug',
      '#SBATCH --gres=gpu:1',
      '#SBATCH --signal=B:USR1@120',
      '#SBATCH --requeue',
      '#SBATCH --open-mode=append',
      '#SBATCH --output=/d/bases/.sweep/slurm/%A_%a.out',
      '#SBATCH --chdir=/work/project',
      '#SBATCH --account=abc',
    ]);
    expect(script).toContain('  0) run=(/usr/bin/node /cli/run.js train --base 10 --exp_id base=10) ;;');
    expect(script).toContain(
      `  3) run=(/usr/bin/node /cli/run.js train --optimizer adam,lr=1e-4 --x 'it'\\''s') ;;`,
    );
    expect(script).toContain('scontrol requeue "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"');
    expect(script).toContain('export INT2INT_THREADS=${SLURM_CPUS_PER_TASK:-1}');
  });

  test('arraySpec folds consecutive indices into ranges', () => {
    expect(arraySpec([0, 1, 2, 3], undefined)).toBe('0-3');
    expect(arraySpec([5, 0, 1, 3], 4)).toBe('0-1,3,5%4');
  });

  test('shellQuote leaves plain words alone', () => {
    expect(shellQuote('base=10,seed=0')).toBe('base=10,seed=0');
    expect(shellQuote('a b')).toBe("'a b'");
  });

  test.each([
    [{ time: 'soon' }, '--time soon: write minutes (90) or [days-]hours:minutes:seconds (1-12:00:00)'],
    [{ mem: 'lots' }, '--mem lots: write a size, e.g. 4G or 4000M'],
    [
      { extra: ['account=abc'] },
      '--sbatch "account=abc": write one sbatch option, e.g. --sbatch "--account=abc"',
    ],
  ])('refuses %j', (bad, message) => {
    expect(() => checkSlurmOptions({ ...options, ...bad })).toThrow(message);
  });
});
