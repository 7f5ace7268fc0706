// Tests for taking a command's own flags out of a command line whose other flags go on to int2int train.
import { takeFlags } from './take-flags';

describe('takeFlags', () => {
  test('takes its flags (either spelling, = or a separate value) and leaves the others in order', () => {
    const taken = takeFlags(
      [
        '--operation',
        'gcd',
        '--max-running=4',
        '--sbatch',
        '--qos=high',
        '--base',
        '10',
        '--sbatch=--account=a',
      ],
      ['max_running'],
      ['sbatch'],
    );
    expect([...taken.values]).toEqual([['max_running', '4']]);
    expect(taken.repeated.get('sbatch')).toEqual(['--qos=high', '--account=a']);
    expect(taken.rest).toEqual(['--operation', 'gcd', '--base', '10']);
  });

  test('one-line errors for a missing value and a flag given twice', () => {
    expect(() => takeFlags(['--time'], ['time'])).toThrow('--time needs a value');
    expect(() => takeFlags(['--time', '--mem', '4G'], ['time', 'mem'])).toThrow('--time needs a value');
    expect(() => takeFlags(['--time', '1', '--time', '2'], ['time'])).toThrow('--time is given twice');
  });
});
