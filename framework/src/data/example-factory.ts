// Draws examples from an operation: retries failed draws (manual §4.3), applies --max_len, maps tokens to ids.
import type { Rng } from '../core/rng';
import type { Example, Operation, Split } from '../operations/operation';
import type { Vocabulary } from '../tokenizers/vocabulary';
import { toIds, type IdExample } from './batch';

/** Consecutive failed draws after which an operation is declared broken. */
export const MAX_FAILED_DRAWS = 1000;

export interface ExampleFactoryOptions {
  /** How messages name the operation: `Operation gcd (int2int-arithmetic)` (see operationLabel). */
  label: string;
  operation: Operation;
  vocab: Vocabulary;
  /** Examples with this many input or output tokens or more are drawn again; <= 0 disables the check. */
  maxLen: number;
}

/**
 * One problem and its solution. generate() may return undefined or throw: it is then called again
 * (manual §4.3), up to MAX_FAILED_DRAWS times in a row, after which the error names the operation.
 */
export function drawProblem(
  operation: Operation,
  label: string,
  rng: Rng,
  split: Split,
): Example<unknown, unknown> {
  let lastError = 'generate() returned undefined';
  for (let attempt = 0; attempt < MAX_FAILED_DRAWS; attempt++) {
    try {
      const example = operation.generate(rng, split);
      if (example !== undefined) return example;
    } catch (error) {
      lastError = `generate() threw: ${(error as Error).message}`;
    }
  }
  throw new Error(`${label} failed to generate an example ${MAX_FAILED_DRAWS} times in a row: ${lastError}`);
}

/** Draws one example as token ids, drawing again while it is longer than maxLen. */
export function drawExample(options: ExampleFactoryOptions, rng: Rng, split: Split): IdExample {
  const { operation, label, vocab, maxLen } = options;
  for (let attempt = 0; attempt < MAX_FAILED_DRAWS; attempt++) {
    const example = drawProblem(operation, label, rng, split);
    const xTokens = operation.inputTokenizer.encode(example.input);
    const yTokens = operation.outputTokenizer.encode(example.output);
    if (maxLen > 0 && (xTokens.length >= maxLen || yTokens.length >= maxLen)) continue;
    const x = toIds(xTokens, vocab);
    const y = toIds(yTokens, vocab);
    for (const ids of [x, y]) {
      if (!Array.isArray(ids)) {
        throw new Error(
          `${label} produced the token "${ids.unknown}", which none of its tokenizers declares in symbols`,
        );
      }
    }
    return { x: x as number[], y: y as number[], cls: operation.classOf(example.output, example.input) };
  }
  throw new Error(`${label}: ${MAX_FAILED_DRAWS} examples in a row were longer than --max_len ${maxLen}`);
}
