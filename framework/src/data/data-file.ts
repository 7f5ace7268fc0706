// Reads Int2Int data files (`INPUT<TAB>OUTPUT` per line, optionally gzipped) into compact token-id arrays.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Tokenizer } from '../tokenizers/tokenizer';
import type { Vocabulary } from '../tokenizers/vocabulary';
import type { IdExample } from './batch';

export interface DataFileOptions {
  vocab: Vocabulary;
  /** Every output must decode with it (the input side is only checked against the vocabulary). */
  outputTokenizer: Tokenizer<unknown>;
  /**
   * The class of an example, for per-class accuracy: its decoded output and, when an inputTokenizer is given,
   * its decoded input (undefined where the input does not decode).
   */
  classOf: (output: unknown, input: unknown) => number;
  inputTokenizer?: Tokenizer<unknown>;
  /** Keep only the first `limit` examples; 0 or less keeps them all. */
  limit?: number;
  /** Skip examples with this many input or output tokens or more (--max_len); 0 or less keeps them all. */
  maxLen?: number;
  /** Where the vocabulary comes from, for error messages, e.g. `--data_types "int[5]:range(5)"`. */
  describeVocab?: string;
  /** The flag that named the file, for error messages: `--eval_data`. */
  flag?: string;
}

/**
 * Examples stored as one Int32Array of token ids: example i's input is ids[offsets[2i] .. offsets[2i+1]),
 * its output ids[offsets[2i+1] .. offsets[2i+2]); classes[i] is its class.
 */
export class PackedExamples {
  constructor(
    readonly ids: Int32Array,
    readonly offsets: Int32Array,
    readonly classes: Int32Array,
    /** How many lines were skipped for --max_len. */
    readonly tooLong = 0,
  ) {}

  get size(): number {
    return this.classes.length;
  }

  /** Example i as views into the packed arrays (no copy). */
  get(i: number): IdExample {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) {
      throw new RangeError(`No example ${i} in a set of ${this.size}`);
    }
    const o = this.offsets;
    return {
      x: this.ids.subarray(o[2 * i], o[2 * i + 1]),
      y: this.ids.subarray(o[2 * i + 1], o[2 * i + 2]),
      cls: this.classes[i],
    };
  }
}

/** A growable Int32Array. */
class IntBuffer {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Reads an Int2Int data file (a `.gz` path is gunzipped while streaming). Blank lines are skipped; any other
 * malformed line stops the read with `path:line: ...`. The input side is not decoded: its tokens only need to
 * be in the vocabulary (Int2Int uses the file's tokens verbatim).
 */
export async function readDataFile(path: string, options: DataFileOptions): Promise<PackedExamples> {
  const { limit = -1, ...rest } = options;
  const chunks = readDataChunks(path, rest, limit > 0 ? limit : Infinity);
  try {
    return (await chunks.next()).value as PackedExamples;
  } finally {
    await chunks.return(undefined);
  }
}

/**
 * The examples of a data file, in file order, as successive sets of `chunkSize` examples (the last one may be
 * smaller): only the chunk being read is held in memory. Lines are checked as readDataFile checks them; a file
 * without any example fails on the first chunk.
 */
export async function* readDataChunks(
  path: string,
  options: Omit<DataFileOptions, 'limit'>,
  chunkSize: number,
): AsyncGenerator<PackedExamples, void, undefined> {
  const { vocab, outputTokenizer, inputTokenizer, classOf, maxLen = -1, flag } = options;
  const origin = options.describeVocab ?? 'the operation';
  const source = openLines(path);
  const lines = createInterface({ input: source, crlfDelay: Infinity });
  let chunk = new ChunkBuilder();
  let lineNumber = 0;
  let blank = 0;
  let tooLong = 0;
  let examples = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.trim() === '') {
        blank++;
        continue;
      }
      const fail = (message: string): never => {
        throw new Error(`${path}:${lineNumber}: ${message}`);
      };
      const fields = line.split('\t');
      if (fields.length !== 2) fail(`expected INPUT<TAB>OUTPUT, found ${fields.length} tab-separated fields`);
      const [input, output] = fields.map((side) => side.trim().split(/\s+/).filter(Boolean));
      if (input.length === 0) fail('the input (before the tab) is empty');
      if (output.length === 0) fail('the output (after the tab) is empty');
      if (maxLen > 0 && (input.length >= maxLen || output.length >= maxLen)) {
        tooLong++;
        chunk.tooLong++;
        continue;
      }
      const unknown = [...input, ...output].find((token) => vocab.id(token) === undefined);
      if (unknown !== undefined) fail(`token "${unknown}" is not in the vocabulary of ${origin}`);
      const value = outputTokenizer.decode(output);
      if (value === undefined)
        fail(`the output "${output.join(' ')}" does not decode as an output of ${origin}`);
      chunk.add(input, output, vocab, classOf(value, inputTokenizer?.decode(input)));
      examples++;
      if (chunk.size >= chunkSize) {
        yield chunk.build();
        chunk = new ChunkBuilder();
      }
    }
  } catch (error) {
    throw readError(path, error);
  } finally {
    lines.close();
    source.destroy();
  }
  if (examples === 0) {
    const named = flag ? `${flag} file ${path}` : path;
    throw new Error(`${named}: no examples left: ${whyEmpty(lineNumber, blank, tooLong, maxLen)}`);
  }
  if (chunk.size > 0) yield chunk.build();
}

/** The examples of one chunk, packed as they are read. */
class ChunkBuilder {
  private readonly ids = new IntBuffer();
  private readonly offsets = new IntBuffer();
  private readonly classes = new IntBuffer();
  /** Lines skipped for --max_len while this chunk was read. */
  tooLong = 0;

  constructor() {
    this.offsets.push(0);
  }

  get size(): number {
    return this.classes.length;
  }

  /** Adds an example whose tokens are all in `vocab`. */
  add(input: string[], output: string[], vocab: Vocabulary, cls: number): void {
    for (const token of input) this.ids.push(vocab.id(token) as number);
    this.offsets.push(this.ids.length);
    for (const token of output) this.ids.push(vocab.id(token) as number);
    this.offsets.push(this.ids.length);
    this.classes.push(cls);
  }

  build(): PackedExamples {
    return new PackedExamples(
      this.ids.toArray(),
      this.offsets.toArray(),
      this.classes.toArray(),
      this.tooLong,
    );
  }
}

function whyEmpty(lines: number, blank: number, tooLong: number, maxLen: number): string {
  if (lines === 0) return 'the file is empty';
  if (blank === lines) return `its ${lines} lines are all blank`;
  const blanks = blank === 0 ? '' : `, the other ${blank === 1 ? 'line is' : `${blank} lines are`} blank`;
  return `all ${tooLong} examples have ${maxLen} tokens or more on one side (--max_len ${maxLen})${blanks}`;
}

function openLines(path: string): Readable {
  const file = createReadStream(path);
  if (!path.endsWith('.gz')) return file;
  const gunzip = createGunzip();
  file.on('error', (error) => gunzip.destroy(error));
  return file.pipe(gunzip);
}

function readError(path: string, error: unknown): Error {
  if (error instanceof Error && error.message.startsWith(`${path}:`)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${path}: cannot read the data file: ${message}`);
}
