// --optimizer parsing, learning-rate schedules, update rules against scalar references, and state save/restore.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../backends/select-backend';
import { learningRateAt } from './lr-schedule';
import { ModelOptimizer } from './model-optimizer';
import { OPTIMIZER_DEFAULTS, parseOptimizer, type OptimizerName } from './parse-optimizer';

beforeAll(async () => {
  await selectBackend('cpu', { cpu: true });
});

const GRADS = [
  [0.5, -1.5],
  [0.25, 2],
  [-1, 0.75],
];

/** Runs the optimizer over GRADS on the parameter [1, -2] and returns the parameter after each step. */
function trajectory(spec: string): number[][] {
  const param = tf.variable(tf.tensor1d([1, -2]));
  const optimizer = new ModelOptimizer(spec, [param]);
  const out = GRADS.map((g) => {
    const grad = tf.tensor1d(g);
    optimizer.applyGradients({ [param.name]: grad });
    grad.dispose();
    return Array.from(param.dataSync());
  });
  optimizer.dispose();
  param.dispose();
  return out;
}

/** A scalar reference: step(p, g, state, t) -> p, for each coordinate. */
function reference(step: (p: number, g: number, s: Record<string, number>, t: number) => number): number[][] {
  const params = [1, -2];
  const states = [{}, {}] as Array<Record<string, number>>;
  return GRADS.map((g, k) => params.map((p, i) => (params[i] = step(p, g[i], states[i], k + 1))));
}

function expectTrajectory(actual: number[][], expected: number[][]): void {
  actual.forEach((row, k) => row.forEach((v, i) => expect(v).toBeCloseTo(expected[k][i], 5)));
}

describe('parseOptimizer', () => {
  it('fills defaults and accepts scientific notation', () => {
    expect(parseOptimizer('adam,lr=1e-4')).toEqual({
      name: 'adam',
      params: { ...OPTIMIZER_DEFAULTS.adam, lr: 1e-4 },
    });
    expect(parseOptimizer('adam_warmup,lr=0.0001,warmup_updates=10').params.warmup_updates).toBe(10);
  });

  it('explains unknown names and keys, a missing sgd lr and unimplemented optimizers', () => {
    expect(() => parseOptimizer('adamm')).toThrow(/Unknown optimizer "adamm".*adam, adam_warmup/);
    expect(() => parseOptimizer('adam,momentum=0.9')).toThrow(/Unexpected parameter "momentum".*lr, beta1/);
    expect(() => parseOptimizer('adam,lr=fast')).toThrow(/key=number/);
    expect(() => parseOptimizer('sgd')).toThrow(/sgd,lr=/);
    expect(() => parseOptimizer('rprop')).toThrow(/not implemented yet.*sgd/);
  });
});

describe('learning-rate schedules', () => {
  const at = (spec: string, n: number) => learningRateAt(parseOptimizer(spec), n);
  it('warms up linearly from warmup_init_lr, then follows the schedule', () => {
    const warm = 'adam_warmup,lr=0.001,warmup_updates=100,warmup_init_lr=0';
    expect([at(warm, 0), at(warm, 50), at(warm, 100), at(warm, 5000)]).toEqual([0, 0.0005, 0.001, 0.001]);
    const inv = 'adam_inverse_sqrt,lr=0.001,warmup_updates=100';
    expect(at(inv, 100)).toBeCloseTo(0.001, 12);
    expect(at(inv, 400)).toBeCloseTo(0.0005, 12);
    const cos = 'adam_cosine,lr=0.001,warmup_updates=0,init_period=100,min_lr=0';
    expect(at(cos, 0)).toBeCloseTo(0.001, 12);
    expect(at(cos, 50)).toBeCloseTo(0.0005, 12);
    expect(at(cos, 100)).toBeCloseTo(0.00075, 12); // restart, shrunk by lr_shrink
    const smooth = 'adam_smooth_cosine,lr=0.001,warmup_updates=0,init_period=100,min_lr=0';
    expect(at(smooth, 0)).toBeCloseTo(0.001 * 0.75 ** -1, 12); // pid = floor(-1/2) = -1
    expect(at(smooth, 50)).toBeCloseTo(0, 12);
    expect(at(smooth, 100)).toBeCloseTo(0.001, 12);
  });
});

describe('ModelOptimizer', () => {
  it("applies Int2Int's Adam: eps on the uncorrected sqrt(v), decoupled decay", () => {
    const [lr, b1, b2, eps, wd] = [0.1, 0.9, 0.999, 1e-8, 0.01];
    const expected = reference((p, g, s, t) => {
      s.m = b1 * (s.m ?? 0) + (1 - b1) * g;
      s.v = b2 * (s.v ?? 0) + (1 - b2) * g * g;
      const decayed = p - wd * lr * p;
      return decayed - ((lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t)) * (s.m / (Math.sqrt(s.v) + eps));
    });
    expectTrajectory(trajectory(`adam,lr=${lr},weight_decay=${wd}`), expected);
  });

  it('applies torch Adam, SGD with Nesterov momentum and centered RMSprop with momentum', () => {
    const adam = reference((p, g0, s, t) => {
      const g = g0 + 0.1 * p;
      s.m = 0.9 * (s.m ?? 0) + 0.1 * g;
      s.v = 0.999 * (s.v ?? 0) + 0.001 * g * g;
      return p - ((0.1 / (1 - 0.9 ** t)) * s.m) / (Math.sqrt(s.v) / Math.sqrt(1 - 0.999 ** t) + 1e-8);
    });
    expectTrajectory(trajectory('adam_torch,lr=0.1,weight_decay=0.1'), adam);
    const sgd = reference((p, g, s, t) => {
      s.buf = t === 1 ? g : 0.9 * s.buf + g;
      return p - 0.1 * (g + 0.9 * s.buf);
    });
    expectTrajectory(trajectory('sgd,lr=0.1,momentum=0.9,nesterov=1'), sgd);
    const rms = reference((p, g, s) => {
      s.sq = 0.99 * (s.sq ?? 0) + 0.01 * g * g;
      s.avg = 0.99 * (s.avg ?? 0) + 0.01 * g;
      s.buf = 0.5 * (s.buf ?? 0) + g / (Math.sqrt(s.sq - s.avg * s.avg) + 1e-8);
      return p - 0.01 * s.buf;
    });
    expectTrajectory(trajectory('rmsprop,momentum=0.5,centered=1'), rms);
  });

  it('decreases a quadratic with every optimizer', () => {
    for (const name of Object.keys(OPTIMIZER_DEFAULTS) as OptimizerName[]) {
      const param = tf.variable(tf.tensor1d([1, -2, 3]));
      const settings: Record<string, string> = { sgd: ',lr=0.01' };
      if ('warmup_updates' in OPTIMIZER_DEFAULTS[name]) settings[name] = ',warmup_updates=1';
      const optimizer = new ModelOptimizer(`${name}${settings[name] ?? ''}`, [param]);
      const loss = () => tf.tidy(() => tf.sum(tf.square(param)).dataSync()[0]);
      const before = loss();
      for (let i = 0; i < 5; i++) {
        const { grads } = tf.variableGrads(() => tf.sum(tf.square(param)), [param]);
        optimizer.applyGradients(grads);
        tf.dispose(Object.values(grads));
      }
      expect({ name, less: loss() < before }).toEqual({ name, less: true });
      optimizer.dispose();
      param.dispose();
    }
  });

  it('saves and restores its state: a resumed run continues exactly', async () => {
    const run = async (spec: string, restoreAfter?: number) => {
      const param = tf.variable(tf.tensor1d([1, -2]));
      let optimizer = new ModelOptimizer(spec, [param], ['w']);
      for (const [k, g] of GRADS.entries()) {
        if (k === restoreAfter) {
          const state = await optimizer.getState();
          optimizer.dispose();
          optimizer = new ModelOptimizer(spec, [param], ['w']);
          optimizer.setState(state);
        }
        const grad = tf.tensor1d(g);
        optimizer.applyGradients(new Map([[param.name, grad]]));
        grad.dispose();
      }
      const result = { values: Array.from(param.dataSync()), state: await optimizer.getState() };
      optimizer.dispose();
      param.dispose();
      return result;
    };
    const straight = await run('adam_warmup,warmup_updates=2');
    const resumed = await run('adam_warmup,warmup_updates=2', 2);
    expect(resumed.values).toEqual(straight.values);
    expect(straight.state.numUpdates).toBe(3);
    expect(straight.state.slots.map((s) => s.name)).toEqual(['w.exp_avg', 'w.exp_avg_sq']);
    const param = tf.variable(tf.tensor1d([1, -2]));
    const sgd = new ModelOptimizer('sgd,lr=0.1', [param], ['w']);
    expect(() => sgd.setState(straight.state)).toThrow(/2 slots, sgd expects 0/);
    sgd.dispose();
    param.dispose();
  });
});
