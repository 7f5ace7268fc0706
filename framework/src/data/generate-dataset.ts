// generateDataset: the manual's §3.5 recipe in one call: generate, tokenize, filter, dedupe, shuffle, split, write.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng } from '../core/rng';
import { drawProblem } from './example-factory';
import type { Operation } from '../operations/operation';
import type { Vocabulary } from '../tokenizers/vocabulary';

export interface GenerateDatasetOptions {
  operation: Operation<unknown, unknown>;
  /** The operation's name, for error messages (default: its class name). */
  name?: string;
  /** When given, every token must belong to it. */
  vocab?: Vocabulary;
  /** Examples are drawn with Rng([0, 0, seed]) and shuffled with Rng([1, 0, seed]). */
  seed: number;
  /** How many examples to draw (before dropping long and duplicate ones). */
  count: number;
  validSize: number;
  testSize: number;
  /** Drop examples with maxLen tokens or more on either side; 0 or less keeps them all. */
  maxLen: number;
  outDir: string;
  /** The files are <prefix>.train, <prefix>.valid and <prefix>.test. */
  prefix: string;
  onProgress?: (drawn: number, count: number) => void;
}

export interface DatasetCounts {
  drawn: number;
  tooLong: number;
  duplicates: number;
  train: number;
  valid: number;
  test: number;
}

const PROGRESS_EVERY = 10000;

/**
 * Draws `count` examples, writes them as `INPUT<TAB>OUTPUT` lines, drops the long and duplicate ones, shuffles,
 * and splits them into disjoint valid (first validSize lines), test (next testSize) and train (the rest) files.
 */
export async function generateDataset(options: GenerateDatasetOptions): Promise<DatasetCounts> {
  const name = options.name ?? options.operation.constructor.name;
  const { lines, counts } = drawDistinct({ ...options, name, rng: new Rng([0, 0, options.seed]) });
  const shuffled = new Rng([1, 0, options.seed]).shuffle(lines);
  return { ...counts, ...(await writeSplits(shuffled, { ...options, name })) };
}

export interface DrawOptions {
  operation: Operation<unknown, unknown>;
  /** The operation's name, for error messages. */
  name: string;
  vocab?: Vocabulary;
  rng: Rng;
  count: number;
  maxLen: number;
  onProgress?: (drawn: number, count: number) => void;
}

export type DrawCounts = Pick<DatasetCounts, 'drawn' | 'tooLong' | 'duplicates'>;

/** Draws `count` examples as `INPUT<TAB>OUTPUT` lines: the distinct ones that are not too long, in draw order. */
export function drawDistinct(options: DrawOptions): { lines: string[]; counts: DrawCounts } {
  const { operation, name, vocab, rng, count, maxLen, onProgress } = options;
  const seen = new Set<string>();
  const counts: DrawCounts = { drawn: 0, tooLong: 0, duplicates: 0 };
  for (; counts.drawn < count; counts.drawn++) {
    const example = drawProblem(operation, `Operation ${name}`, rng, 'train');
    const x = operation.inputTokenizer.encode(example.input);
    const y = operation.outputTokenizer.encode(example.output);
    if (vocab) checkTokens(vocab, [...x, ...y], name);
    if (maxLen > 0 && (x.length >= maxLen || y.length >= maxLen)) counts.tooLong++;
    else {
      const line = `${x.join(' ')}\t${y.join(' ')}`;
      if (seen.has(line)) counts.duplicates++;
      else seen.add(line);
    }
    if (onProgress && (counts.drawn + 1) % PROGRESS_EVERY === 0) onProgress(counts.drawn + 1, count);
  }
  if (count % PROGRESS_EVERY !== 0) onProgress?.(counts.drawn, count);
  return { lines: [...seen], counts };
}

export interface SplitOptions {
  /** The operation's name, for error messages. */
  name: string;
  validSize: number;
  testSize: number;
  outDir: string;
  prefix: string;
}

/** Writes shuffled `lines` as <prefix>.valid (the first validSize), <prefix>.test (the next testSize) and <prefix>.train (the rest). */
export async function writeSplits(
  lines: readonly string[],
  { name, validSize, testSize, outDir, prefix }: SplitOptions,
): Promise<Pick<DatasetCounts, 'train' | 'valid' | 'test'>> {
  if (validSize + testSize > lines.length) {
    throw new Error(
      `${name}: only ${lines.length} distinct examples for --valid ${validSize} + --test ${testSize}; draw more`,
    );
  }
  await mkdir(outDir, { recursive: true });
  const file = (split: string): string => join(outDir, `${prefix}.${split}`);
  await writeLines(file('valid'), lines, 0, validSize);
  await writeLines(file('test'), lines, validSize, validSize + testSize);
  await writeLines(file('train'), lines, validSize + testSize, lines.length);
  return { valid: validSize, test: testSize, train: lines.length - validSize - testSize };
}

function checkTokens(vocab: Vocabulary, tokens: readonly string[], name: string): void {
  const unknown = tokens.find((token) => vocab.id(token) === undefined);
  if (unknown !== undefined)
    throw new Error(`Operation ${name} emitted the token "${unknown}", not in its vocabulary`);
}

/** Writes lines[start..end) to `path` through a temporary file renamed at the end, so readers never see half a file. */
export async function writeLines(
  path: string,
  lines: readonly string[],
  start = 0,
  end = lines.length,
): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
  const out = createWriteStream(temp);
  try {
    for (let i = start; i < end; i++) {
      if (!out.write(`${lines[i]}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    await rename(temp, path);
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}
