// The operation contract: what a problem plugin implements (generator, verifier, tokenizers, code_class).
import type { Rng } from '../core/rng';
import type { Tokenizer } from '../tokenizers/tokenizer';

/** Which stream an example is drawn for; operations may draw test examples from another distribution. */
export type Split = 'train' | 'valid' | 'test';

/** One problem and its solution, as mathematical objects. */
export interface Example<I, O> {
  input: I;
  output: O;
}

/**
 * The verifier's answer for a prediction that is not token-for-token the target (Int2Int's check_prediction).
 * `evalMetrics` and `errorMetrics` are values in [0, 1], summed over the test set and reported as
 * `<split>_arithmetic_acc_eval<i>` and `<split>_arithmetic_acc_error<i>` (manual §4.2).
 */
export interface Verdict {
  valid: boolean;
  evalMetrics?: number[];
  errorMetrics?: number[];
}

/**
 * A problem int2int can train on, registered with the @operation decorator. The run's container constructs it,
 * giving its constructor the values of its declared parameters, typed (`ParamsOf<typeof params>`).
 */
export interface Operation<I = unknown, O = unknown> {
  readonly inputTokenizer: Tokenizer<I>;
  readonly outputTokenizer: Tokenizer<O>;
  /**
   * Draws one example. Returning undefined (or throwing) means "try again" (manual §4.3);
   * an operation that keeps failing stops the run with an error naming it.
   */
  generate(rng: Rng, split: Split): Example<I, O> | undefined;
  /** The example's class for per-class accuracy (Int2Int's code_class): a non-negative integer. */
  classOf(output: O, input: I | undefined): number;
  /** How a class is printed in reports (default: the number itself). */
  className?(cls: number): string;
  /**
   * Checks a well-formed prediction that differs from the target's tokens. Without a verifier,
   * only exact matches count, as in Int2Int when solutions are unique.
   */
  verify?(predicted: O, target: O, input: I | undefined): Verdict;
  /** A human-readable form of a problem for the mistakes report, e.g. `gcd(84, 36)`. */
  describe?(input: I): string;
  /** A human-readable form of a solution for the mistakes report (default: String(value)). */
  describeOutput?(output: O): string;
}
