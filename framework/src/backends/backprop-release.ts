// Frees the memory of a backward pass as it goes: tfjs-core 4.22 keeps every intermediate gradient, and every tensor
// saved for the backward pass, until the whole pass ends, so its peak holds all activations and all their gradients at
// once. Here a tape node's saved tensors and its output gradients are disposed as soon as the node's gradient is done
// (nothing reads them again), which halves that peak for a transformer. Applied once to the engine by select-backend.ts,
// for every backend; results are unchanged, only the time of each disposal.
import * as tf from '@tensorflow/tfjs';

/** The parts of tfjs-core's Engine and tape nodes this patch relies on (engine.ts and tape.ts of tfjs-core 4.22). */
type GradientThunks = Record<string, () => tf.Tensor>;
interface TapeNode {
  inputs: Record<string, tf.Tensor>;
  saved?: tf.Tensor[];
  gradient?: (this: TapeNode, dys: Array<tf.Tensor | null>) => GradientThunks;
}
interface EngineInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  addTapeNode: (this: EngineInternals, ...args: unknown[]) => void;
  gradients: (
    this: EngineInternals,
    f: () => tf.Tensor,
    xs: tf.Tensor[],
    dy?: tf.Tensor,
    allowNoGradients?: boolean,
  ) => unknown;
}

let applied = false;
/** True inside a first-order engine.gradients() called without dy: only then do the dys belong to the pass. */
let releasing = false;

/** Makes tfjs dispose each intermediate gradient and saved tensor once its tape node is done (idempotent). */
export function releaseBackpropMemory(): void {
  if (applied) return;
  applied = true;
  const engine = tf.engine() as unknown as EngineInternals;
  const proto = Object.getPrototypeOf(engine) as EngineInternals;
  const { addTapeNode, gradients } = proto;

  proto.gradients = function (this: EngineInternals, f, xs, dy, allowNoGradients) {
    const outer = releasing;
    releasing = dy == null && this.state.gradientDepth === 0;
    try {
      return gradients.call(this, f, xs, dy, allowNoGradients);
    } finally {
      releasing = outer;
    }
  };

  proto.addTapeNode = function (this: EngineInternals, ...args: unknown[]) {
    addTapeNode.apply(this, args);
    const tape = this.state.activeTape;
    const node = tape?.[tape.length - 1];
    const gradient = node?.gradient;
    if (gradient === undefined) return;
    node!.gradient = function (this: TapeNode, dys) {
      const thunks = gradient.call(this, dys);
      if (!releasing) return thunks;
      // backpropagation calls the thunks of this node's inputs on the path to the variables (this.inputs, pruned),
      // each once, right after this call: after the last one, this node's dys and saved tensors are never read again
      const needed = Object.keys(this.inputs).filter((name) => name in thunks);
      if (needed.length === 0) return thunks;
      const results: tf.Tensor[] = [];
      const wrapped: GradientThunks = { ...thunks };
      for (const name of needed) {
        wrapped[name] = () => {
          const dx = thunks[name]();
          results.push(dx);
          if (results.length === needed.length) release(dys, results, this.saved);
          return dx;
        };
      }
      return wrapped;
    };
  };
}

/** Disposes the dys that did not become an input's gradient as they are, and the node's saved tensors. */
function release(dys: Array<tf.Tensor | null>, results: tf.Tensor[], saved: tf.Tensor[] | undefined): void {
  for (const dy of dys) if (dy !== null && !results.includes(dy)) dy.dispose();
  for (const tensor of saved ?? []) if (!results.includes(tensor)) tensor.dispose();
}
