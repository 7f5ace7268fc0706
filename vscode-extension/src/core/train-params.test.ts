// Tests for the Train form's parameters: all of the CLI's, grouped, checked by its rules, presets, report interval.
import {
  changedValues,
  evaluateParams,
  PRESETS,
  reportInterval,
  trainParams,
  valueError,
} from './train-params';

const GCD = {
  name: 'gcd',
  plugin: 'int2int-arithmetic',
  summary: 'gcd',
  generates: true,
  params: [
    { name: 'maxint', type: 'int' as const, default: 1000000, help: 'Largest operand', range: { min: 1 } },
  ],
};

describe('trainParams', () => {
  const params = trainParams(GCD);
  const byName = (name: string) => params.find((p) => p.name === name)!;

  test("lists the operation's parameters first, then every implemented core parameter by group", () => {
    expect(params[0]).toMatchObject({ name: 'maxint', group: 'operation' });
    expect(params.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'enc_emb_dim',
        'n_enc_layers',
        'epoch_size',
        'max_epoch',
        'eval_size',
        'optimizer',
        'batch_load',
        'export_pred',
      ]),
    );
    const groups = [...new Set(params.map((p) => p.group))];
    expect(groups).toEqual([
      'operation',
      'model',
      'training',
      'data',
      'evaluation',
      'experiment',
      'technical',
    ]);
    for (const hidden of ['local_gpu', 'exp_id', 'dump_path', 'eval_from_exp', 'windows', 'operation']) {
      expect(params.some((p) => p.name === hidden)).toBe(false);
    }
  });

  test('checks a value by the rules of the CLI', () => {
    expect(valueError(byName('maxint'), 'a million')).toBe('--maxint must be an integer, got "a million"');
    expect(valueError(byName('maxint'), '0')).toBe('--maxint must be at least 1, got "0"');
    expect(valueError(byName('batch_size'), '0')).toBe('--batch_size must be at least 1, got "0"');
    expect(valueError(byName('nan_policy'), 'ignore')).toBe(
      '--nan_policy must be one of stop, skip, got "ignore"',
    );
    expect(valueError(byName('enc_emb_dim'), '64')).toBeUndefined();
  });

  test('passes only the changed values, and a report interval that gives short epochs a curve', () => {
    const values = {
      ...Object.fromEntries(params.map((p) => [p.name, String(p.spec.default)])),
      epoch_size: '6400',
    };
    const changed = changedValues(params, values);
    expect(changed).toEqual({ epoch_size: '6400' });
    expect(reportInterval(params, changed)).toBe('10');
    expect(reportInterval(params, {})).toBeUndefined();
    expect(reportInterval(params, { ...changed, report_loss_every: '5' })).toBeUndefined();
  });

  test('has presets whose values are all valid', () => {
    for (const preset of PRESETS) {
      for (const [name, value] of Object.entries(preset.values))
        expect(valueError(byName(name), value)).toBeUndefined();
    }
  });
});

test('evaluateParams: the evaluation settings only', () => {
  const names = evaluateParams().map((p) => p.name);
  expect(names).toEqual(
    expect.arrayContaining(['eval_size', 'eval_data', 'batch_size_eval', 'beam_eval', 'beam_size']),
  );
  expect(names).not.toContain('eval_from_exp');
  expect(names).not.toContain('enc_emb_dim');
});
