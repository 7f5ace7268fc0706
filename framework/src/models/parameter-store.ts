// The named variables of a model: creation with a seeded initialiser, counting, and export in PyTorch layout.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/rng';
import { tensorValues } from '../backends/tensor-values';
import { copySources, sizeOf, transposeMatrix, type ArraySource, type NamedArray } from './named-array';

/** Draws n initial values. */
export type Initializer = (rng: Rng, n: number) => Float32Array;

const { imul, log, sqrt, cos, sin, PI } = Math;

/**
 * A fast uniform stream in (0, 1) (mulberry32) for bulk initialisation, seeded by one draw of the model's Rng:
 * the same seed still gives the same weights everywhere, at a fraction of Rng's cost per value.
 */
function uniformStream(rng: Rng): () => number {
  let a = rng.nextUint32();
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = imul(a ^ (a >>> 15), 1 | a);
    t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

export const normalInit =
  (std: number): Initializer =>
  (rng, n) => {
    const next = uniformStream(rng);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i += 2) {
      // Box-Muller: one pair of uniforms gives two normals
      const radius = std * sqrt(-2 * log(next()));
      const angle = 2 * PI * next();
      out[i] = radius * cos(angle);
      if (i + 1 < n) out[i + 1] = radius * sin(angle);
    }
    return out;
  };

export const uniformInit =
  (bound: number): Initializer =>
  (rng, n) => {
    const next = uniformStream(rng);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = (2 * next() - 1) * bound;
    return out;
  };

export const constantInit =
  (value: number): Initializer =>
  (_rng, n) =>
    new Float32Array(n).fill(value);

interface Entry {
  name: string;
  variable: tf.Variable;
  /** A Linear weight: stored [in, out] for matMul, exported [out, in] as in PyTorch. */
  transposed: boolean;
}

export interface VariableOptions {
  transposed?: boolean;
  trainable?: boolean;
}

/** Owns the variables of a model, in creation order. Names follow the PyTorch state_dict of Int2Int. */
export class ParameterStore {
  private readonly entries: Entry[] = [];

  constructor(private readonly rng: Rng) {}

  /** Creates a float32 variable of the given (stored) shape, initialised from the store's Rng. */
  add(name: string, shape: number[], init: Initializer, options: VariableOptions = {}): tf.Variable {
    return this.addValues(name, shape, init(this.rng, sizeOf(shape)), options);
  }

  /** Creates a float32 variable holding the given values. */
  addValues(name: string, shape: number[], values: Float32Array, options: VariableOptions = {}): tf.Variable {
    if (this.entries.some((e) => e.name === name)) throw new Error(`Duplicate parameter name ${name}`);
    const initial = tf.tensor(values, shape, 'float32');
    const variable = tf.variable(initial, options.trainable ?? true);
    initial.dispose();
    this.entries.push({ name, variable, transposed: options.transposed ?? false });
    return variable;
  }

  get trainable(): { names: string[]; variables: tf.Variable[] } {
    const entries = this.entries.filter((e) => e.variable.trainable);
    return { names: entries.map((e) => e.name), variables: entries.map((e) => e.variable) };
  }

  /** Trainable parameters (elements) and tensors whose names start with prefix. */
  count(prefix: string): { parameters: number; tensors: number } {
    const entries = this.entries.filter((e) => e.variable.trainable && e.name.startsWith(prefix));
    return { parameters: entries.reduce((sum, e) => sum + e.variable.size, 0), tensors: entries.length };
  }

  /** Copies of all variables (trainable or not), Linear weights as [out, in]. */
  getWeights(): Promise<NamedArray[]> {
    return copySources(this.weightSources());
  }

  /**
   * All variables (trainable or not) as getWeights() lays them out, read one at a time: the transposed ones through
   * one scratch array, so each read() result is valid only until the next read() or tensor operation.
   */
  weightSources(): ArraySource[] {
    const largest = Math.max(0, ...this.entries.filter((e) => e.transposed).map((e) => e.variable.size));
    let scratch: Float32Array | undefined;
    return this.entries.map(({ name, variable, transposed }) => {
      if (!transposed) return { name, shape: [...variable.shape], read: () => tensorValues(variable) };
      const [rows, cols] = variable.shape;
      const transpose = (values: Float32Array) => {
        scratch ??= new Float32Array(largest);
        return transposeMatrix(values, rows, cols, scratch.subarray(0, rows * cols));
      };
      const read = () => {
        const values = tensorValues(variable);
        return 'then' in values ? values.then(transpose) : transpose(values);
      };
      return { name, shape: [cols, rows], read };
    });
  }

  /** Assigns every variable from weights in the layout of getWeights; names and shapes must match exactly. */
  setWeights(weights: readonly NamedArray[]): void {
    const byName = new Map(weights.map((w) => [w.name, w]));
    const missing = this.entries.filter((e) => !byName.has(e.name)).map((e) => e.name);
    const known = new Set(this.entries.map((e) => e.name));
    const unexpected = weights.filter((w) => !known.has(w.name)).map((w) => w.name);
    if (missing.length > 0 || unexpected.length > 0) {
      throw new Error(
        `Weights do not match the model: missing [${missing.join(', ')}], unexpected [${unexpected.join(', ')}]`,
      );
    }
    for (const { name, variable, transposed } of this.entries) {
      const weight = byName.get(name) as NamedArray;
      const [rows, cols] = variable.shape as number[];
      const shape = transposed ? [cols, rows] : variable.shape;
      if (weight.shape.length !== shape.length || weight.shape.some((d, i) => d !== shape[i])) {
        throw new Error(
          `Weight ${name} has shape [${weight.shape.join(', ')}], the model expects [${shape.join(', ')}]`,
        );
      }
      if (weight.values.length !== sizeOf(shape)) {
        throw new Error(`Weight ${name} has ${weight.values.length} values for shape [${shape.join(', ')}]`);
      }
    }
    for (const { name, variable, transposed } of this.entries) {
      const weight = byName.get(name) as NamedArray;
      const values = transposed
        ? transposeMatrix(weight.values, weight.shape[0], weight.shape[1])
        : weight.values;
      const tensor = tf.tensor(values, variable.shape, 'float32');
      variable.assign(tensor);
      tensor.dispose();
    }
  }

  dispose(): void {
    for (const e of this.entries) e.variable.dispose();
  }
}
