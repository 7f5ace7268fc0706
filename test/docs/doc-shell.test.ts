// Tests of the budget rule of test/docs-commands.test.ts: a budget only replaces flag values or appends flags.
import { withBudget } from './doc-shell';

describe('withBudget', () => {
  it('replaces the value of a flag the command prints and appends the others', () => {
    expect(withBudget('int2int train --epoch_size 75000 --cpu true', '--max_epoch 1 --epoch_size 64')).toBe(
      'int2int train --epoch_size 64 --cpu true --max_epoch 1',
    );
    expect(withBudget('int2int train --epoch_size=3200', '--epoch_size 64')).toBe(
      'int2int train --epoch_size=64',
    );
  });

  it('does not take a longer flag for a shorter one', () => {
    expect(withBudget('int2int train --eval_size_x 5', '--eval_size 16')).toBe(
      'int2int train --eval_size_x 5 --eval_size 16',
    );
  });

  it('refuses a budget that is not --flag value pairs', () => {
    expect(() => withBudget('int2int train', '--max_epoch')).toThrow('a budget is "--flag value" pairs');
    expect(() => withBudget('int2int train', 'max_epoch 1')).toThrow('a budget is "--flag value" pairs');
  });
});
