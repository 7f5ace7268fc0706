// Applies an --optimizer to a model's variables: in-place updates in tf.tidy, with a state that can be saved.
import * as tf from '@tensorflow/tfjs';
import { fusedUpdates } from '../../backends/fused-updates';
import { tensorValues } from '../../backends/tensor-values';
import { copySources, type ArraySource, type NamedArray } from '../../models/named-array';
import { learningRateAt } from './lr-schedule';
import { parseOptimizer, type OptimizerSpec } from './parse-optimizer';
import { UPDATE_RULES, type UpdateRule } from './update-rules';

/** The optimizer state of a checkpoint: the number of updates done and every slot tensor. */
export interface OptimizerState {
  numUpdates: number;
  slots: NamedArray[];
}

interface Tracked {
  variable: tf.Variable;
  name: string;
  slots: tf.Variable[];
}

export class ModelOptimizer {
  readonly spec: OptimizerSpec;
  private readonly rule: UpdateRule;
  private readonly slotNames: string[];
  private readonly tracked: Tracked[];
  private readonly byVariable: Map<string, Tracked>;
  private updates = 0;

  /**
   * @param spec an --optimizer string or its parsed form
   * @param variables the trainable variables, updated in place
   * @param names stable names of the variables (for the slots in getState); default param.<index>
   */
  constructor(spec: OptimizerSpec | string, variables: tf.Variable[], names?: string[]) {
    this.spec = typeof spec === 'string' ? parseOptimizer(spec) : spec;
    this.rule = UPDATE_RULES[this.spec.name];
    const slotSpecs = this.rule.slots(this.spec.params);
    this.slotNames = slotSpecs.map((s) => s.name);
    if (names !== undefined && names.length !== variables.length) {
      throw new Error(`ModelOptimizer got ${variables.length} variables but ${names.length} names`);
    }
    this.tracked = variables.map((variable, i) => ({
      variable,
      name: names?.[i] ?? `param.${i}`,
      slots: slotSpecs.map(({ init }) => tf.tidy(() => tf.variable(tf.fill(variable.shape, init), false))),
    }));
    this.byVariable = new Map(this.tracked.map((t) => [t.variable.name, t]));
  }

  /** The learning rate of the next update. */
  get learningRate(): number {
    return learningRateAt(this.spec, this.updates);
  }

  /** Optimizer steps done so far (Int2Int's num_updates). */
  get numUpdates(): number {
    return this.updates;
  }

  /**
   * One update of every variable that has a gradient: in place by the backend's fused Adam when it has one,
   * else with tfjs ops.
   * @param grads float32 gradients keyed by tf.Variable name, each of its variable's shape
   * @param gradScale a factor applied to every gradient first (the clipping coefficient)
   */
  applyGradients(grads: Map<string, tf.Tensor> | tf.NamedTensorMap, gradScale = 1): void {
    const entries = grads instanceof Map ? [...grads.entries()] : Object.entries(grads);
    const context = { p: this.spec.params, lr: this.learningRate, t: this.updates + 1 };
    const fused = fusedUpdates();
    const adam = fused && this.rule.fusedAdam?.(context);
    const targets = entries.map(([name, grad]) => {
      const tracked = this.byVariable.get(name);
      if (tracked === undefined) throw new Error(`Gradient for an unknown variable ${name}`);
      return { tracked, grad, param: tracked.variable, m: tracked.slots[0], v: tracked.slots[1] };
    });
    const remaining = adam ? fused.adam(targets, { ...adam, gradScale }) : targets;
    tf.tidy(() => {
      for (const { tracked, grad } of remaining) {
        const scaled = gradScale === 1 ? grad : tf.mul(grad, gradScale);
        const [param, ...slots] = this.rule.update(tracked.variable, scaled, tracked.slots, context);
        tracked.variable.assign(param);
        slots.forEach((value, i) => tracked.slots[i].assign(value));
      }
    });
    this.updates++;
  }

  /** Copies of the slots, named <variable name>.<slot> (variables in their stored layout). */
  async getState(): Promise<OptimizerState> {
    const { numUpdates, slots } = this.stateSources();
    return { numUpdates, slots: await copySources(slots) };
  }

  /** The state of getState() with its slots read one at a time, for a checkpoint (no copy of every slot at once). */
  stateSources(): { numUpdates: number; slots: ArraySource[] } {
    const slots = this.tracked.flatMap(({ name, slots }) =>
      slots.map((slot, i) => ({
        name: `${name}.${this.slotNames[i]}`,
        shape: [...slot.shape],
        read: () => tensorValues(slot),
      })),
    );
    return { numUpdates: this.updates, slots };
  }

  /** Restores a state from getState() of the same optimizer over the same variables. */
  setState(state: OptimizerState): void {
    const byName = new Map(state.slots.map((s) => [s.name, s]));
    const expected = this.tracked.flatMap(({ name, slots }) =>
      slots.map((slot, i) => ({ slot, name: `${name}.${this.slotNames[i]}` })),
    );
    for (const { slot, name } of expected) {
      const saved = byName.get(name);
      if (saved === undefined)
        throw new Error(`Optimizer state has no slot ${name} (was it saved by ${this.spec.name}?)`);
      if (saved.values.length !== slot.size) {
        throw new Error(`Optimizer slot ${name} has ${saved.values.length} values, expected ${slot.size}`);
      }
    }
    if (state.slots.length !== expected.length) {
      throw new Error(
        `Optimizer state has ${state.slots.length} slots, ${this.spec.name} expects ${expected.length}`,
      );
    }
    for (const { slot, name } of expected) {
      const values = tf.tensor((byName.get(name) as NamedArray).values, slot.shape, 'float32');
      slot.assign(values);
      values.dispose();
    }
    this.updates = state.numUpdates;
  }

  dispose(): void {
    for (const t of this.tracked) t.slots.forEach((s) => s.dispose());
  }
}
