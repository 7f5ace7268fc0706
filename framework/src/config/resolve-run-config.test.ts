// Tests for resolveRunConfig: defaults < config file < flags, unknown settings, foreign and refused parameters.
import { operation } from '../core/registry/operation.decorator';
import { UsageError } from '../core/usage-error';
import '../operations/builtin';
import { boolParam, floatParam, intParam, stringParam } from '../operations/parameters';
import { PositionalInt } from '../tokenizers/positional-int';
import { CORE_PARAMETERS } from './core-parameters';
import type { ConfigFile } from './load-config-file';
import { resolveRunConfig } from './resolve-run-config';

abstract class ProbeBase {
  readonly inputTokenizer = new PositionalInt(10);
  readonly outputTokenizer = new PositionalInt(10);
  generate(): undefined {
    return undefined;
  }
  classOf(): number {
    return 0;
  }
}

@operation({
  name: 'test_resolve_op',
  summary: 'A probe operation for the resolveRunConfig tests',
  params: {
    modulus: intParam(7, 'Modulus'),
    signed: boolParam(false, 'Signed values'),
    ratio: floatParam(0.5, 'A ratio'),
    flavor: stringParam('plain', 'A flavor', ['plain', 'fancy']),
  },
})
export class ResolveProbe extends ProbeBase {}

@operation({
  name: 'test_resolve_other',
  summary: 'Another probe operation, owning --zebra_count',
  params: { zebra_count: intParam(3, 'Zebras') },
})
export class ResolveOtherProbe extends ProbeBase {}

const flags = (entries: Record<string, string>) => new Map(Object.entries(entries));
const configFile = (values: Record<string, unknown>): ConfigFile => ({
  path: '/home/u/int2int.config.json',
  values,
  plugins: [],
});

describe('resolveRunConfig', () => {
  it('fills every core and operation default when nothing is set', () => {
    const config = resolveRunConfig(flags({ operation: 'test_resolve_op' }), undefined);
    expect(config.operation).toBe('test_resolve_op');
    expect(Object.keys(config.core).sort()).toEqual(Object.keys(CORE_PARAMETERS).sort());
    expect(config.core.batch_size).toBe(32);
    expect(config.core.optimizer).toBe('adam,lr=0.0001');
    expect(config.operationParams).toEqual({ modulus: 7, signed: false, ratio: 0.5, flavor: 'plain' });
    expect([...config.explicit]).toEqual(['operation']);
  });

  it('uses the data operation by default', () => {
    const config = resolveRunConfig(new Map(), undefined);
    expect(config.operation).toBe('data');
    expect(config.explicit.size).toBe(0);
  });

  it('lets the config file override defaults and the flags override the file', () => {
    const file = configFile({
      operation: 'test_resolve_op',
      batch_size: 64,
      max_epochs: 9,
      modulus: 11,
      signed: true,
      dropout: '0.25',
    });
    const config = resolveRunConfig(flags({ batch_size: '16', modulus: '13' }), file);
    expect(config.operation).toBe('test_resolve_op');
    expect(config.core.batch_size).toBe(16);
    expect(config.core.max_epoch).toBe(9);
    expect(config.core.dropout).toBe(0.25);
    expect(config.core.epoch_size).toBe(300000);
    expect(config.operationParams).toEqual({ modulus: 13, signed: true, ratio: 0.5, flavor: 'plain' });
    expect([...config.explicit].sort()).toEqual(
      ['batch_size', 'dropout', 'max_epoch', 'modulus', 'operation', 'signed'].sort(),
    );
  });

  it('takes the operation from the flags before the file', () => {
    const config = resolveRunConfig(
      flags({ operation: 'test_resolve_other' }),
      configFile({ operation: 'test_resolve_op' }),
    );
    expect(config.operation).toBe('test_resolve_other');
    expect(config.operationParams).toEqual({ zebra_count: 3 });
  });

  it('names the source of a badly typed value', () => {
    expect(() =>
      resolveRunConfig(flags({ operation: 'test_resolve_op', batch_size: 'many' }), undefined),
    ).toThrow('--batch_size must be an integer, got "many"');
    expect(() =>
      resolveRunConfig(flags({ operation: 'test_resolve_op' }), configFile({ flavor: 'spicy' })),
    ).toThrow('flavor in /home/u/int2int.config.json must be one of plain, fancy, got "spicy"');
    expect(() => resolveRunConfig(new Map(), configFile({ operation: 7 }))).toThrow(UsageError);
  });

  it('rejects unknown flags with a suggestion', () => {
    expect(() =>
      resolveRunConfig(flags({ operation: 'test_resolve_op', batch_sise: '3' }), undefined),
    ).toThrow(
      'Unknown setting --batch_sise. Did you mean --batch_size? Run `int2int train --help` for the list.',
    );
    expect(() => resolveRunConfig(flags({ operation: 'test_resolve_op', moduluss: '3' }), undefined)).toThrow(
      'Did you mean --modulus?',
    );
  });

  it('rejects unknown keys of the config file, naming the file', () => {
    expect(() =>
      resolveRunConfig(flags({ operation: 'test_resolve_op' }), configFile({ qwertyuiop_zxcv: 1 })),
    ).toThrow(
      'Unknown setting qwertyuiop_zxcv in /home/u/int2int.config.json. Run `int2int train --help` for the list.',
    );
  });

  it('says which operation owns a parameter given to another one', () => {
    expect(() =>
      resolveRunConfig(flags({ operation: 'test_resolve_op', zebra_count: '4' }), undefined),
    ).toThrow(
      '--zebra_count is not a parameter of operation test_resolve_op; it belongs to test_resolve_other. ' +
        'See `int2int operations:show test_resolve_op` for the parameters of test_resolve_op',
    );
    expect(() =>
      resolveRunConfig(flags({ operation: 'test_resolve_other' }), configFile({ modulus: 5 })),
    ).toThrow('modulus in /home/u/int2int.config.json is not a parameter of operation test_resolve_other');
  });

  it('refuses a not-implemented parameter unless it holds its default', () => {
    expect(() =>
      resolveRunConfig(flags({ operation: 'test_resolve_op', local_gpu: '3' }), undefined),
    ).toThrow('--local_gpu is a parameter of Int2Int that int2int does not implement yet');
    expect(() =>
      resolveRunConfig(flags({ operation: 'test_resolve_op' }), configFile({ debug_slurm: true })),
    ).toThrow(
      '--debug_slurm is Int2Int\'s "Treat a SLURM job as local", which int2int does not use: int2int never reads the ' +
        'Slurm environment of a run: a run in a Slurm job is a local run; remove it',
    );
    expect(() =>
      resolveRunConfig(flags({ operation: 'test_resolve_op', local_rank: '0' }), undefined),
    ).toThrow(
      '--local_rank is Int2Int\'s "Multi-GPU rank (torch.distributed)", which int2int does not use: int2int trains ' +
        'each run in one process; to use a cluster, run grids of runs with int2int sweep --executor slurm',
    );
    const config = resolveRunConfig(flags({ operation: 'test_resolve_op', debug_slurm: 'false' }), undefined);
    expect(config.core.debug_slurm).toBe(false);
    expect(config.explicit.has('debug_slurm')).toBe(true);
  });

  it('suggests the closest operation for an unknown one', () => {
    expect(() => resolveRunConfig(flags({ operation: 'test_resolve_opp' }), undefined)).toThrow(
      /Unknown operation "test_resolve_opp"\. Did you mean "test_resolve_op"/,
    );
  });
});
