// Checkpoint files (.ckpt): a JSON header (resolved config, vocabulary, counters) and float32 weights, written atomically.
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileError, onFile } from '../core/file-error';
import type { StreamPosition } from '../data/train-stream';
import { readSource, sizeOf, type ArraySource, type NamedArray } from '../models/named-array';
import type { ParamValues } from '../operations/parameters';

const MAGIC = 'INT2INT-CKPT-v1\n';
const PREFIX_BYTES = MAGIC.length + 8;

/** How far the epoch in progress went, in a checkpoint written before the epoch's end. */
export interface EpochProgress {
  /** training: stopped between two steps; evaluating: every step is done, the epoch's evaluation is not. */
  phase: 'training' | 'evaluating';
  /** Training examples of this epoch done (Int2Int's n_equations). */
  examples: number;
  /** Where the epoch's data stream continues (phase training). */
  stream?: StreamPosition;
  /** The losses since the last log line, so that the next line averages the same steps as without a stop. */
  reportLosses: number[];
}

/** Everything a run needs to resume, or `int2int evaluate` needs to evaluate, without other input. */
export interface CheckpointData {
  /** The last epoch completed, or the epoch in progress when `progress` is set. */
  epoch: number;
  nTotalIter: number;
  bestMetrics: Record<string, number>;
  bestStoppingCriterion: number | null;
  stoppingCounter: number;
  /** Set when the checkpoint was written before the end of `epoch`. */
  progress?: EpochProgress;
  /** Training steps dropped for a non-finite loss or gradient (--nan_policy skip), since the start. */
  skippedSteps?: number;
  /** The state of the dropout masks' generator. */
  dropoutState?: number[];
  operation: string;
  params: ParamValues;
  operationParams: ParamValues;
  vocabulary: string[];
  weights: NamedArray[];
  optimizer?: { numUpdates: number; slots: NamedArray[] };
  /** Batches whose gradients are accumulated but not yet applied (accumulate_gradients > 1), and their sums. */
  accumulation?: { calls: number; gradients: NamedArray[] };
}

interface TensorEntry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

type Header = Omit<CheckpointData, 'weights' | 'optimizer' | 'accumulation'> & {
  format: 'int2int-checkpoint';
  weights: TensorEntry[];
  optimizer?: { numUpdates: number; slots: TensorEntry[] };
  accumulation?: { calls: number; gradients: TensorEntry[] };
  payloadBytes: number;
  sha256: string;
};

/** A checkpoint that cannot be read; the message names the file and what is wrong. */
export class CheckpointError extends Error {}

/** An array to save: its values in memory, or read when it is written (a model's weights, an optimizer's slots). */
export type SavedArray = NamedArray | ArraySource;

/** What saveCheckpoint writes: a CheckpointData whose arrays may be read one at a time while writing. */
export type CheckpointContents = Omit<CheckpointData, 'weights' | 'optimizer' | 'accumulation'> & {
  weights: SavedArray[];
  optimizer?: { numUpdates: number; slots: SavedArray[] };
  accumulation?: { calls: number; gradients: SavedArray[] };
};

const valuesOf = async (array: SavedArray): Promise<Float32Array> =>
  'values' in array ? array.values : readSource(array);

/**
 * Writes to a temporary file in the same folder, syncs it, then renames: a kill never leaves a partial file,
 * and a failed write (a full disk) leaves the previous file as it was. `beforeRename` runs once the new file is
 * complete on disk, just before it replaces the old one. The arrays are read, hashed and written one at a time, so
 * saving holds no second copy of the model; the header's checksum is filled in once the payload is written.
 */
export async function saveCheckpoint(
  filePath: string,
  data: CheckpointContents,
  beforeRename?: () => void,
): Promise<void> {
  let offset = 0;
  const entries = (arrays: SavedArray[]): TensorEntry[] =>
    arrays.map(({ name, shape }) => {
      const entry = { name, shape, offset, length: sizeOf(shape) };
      offset += entry.length * Float32Array.BYTES_PER_ELEMENT;
      return entry;
    });
  const arrays = [...data.weights, ...(data.optimizer?.slots ?? []), ...(data.accumulation?.gradients ?? [])];
  const header: Header = {
    ...data,
    format: 'int2int-checkpoint',
    weights: entries(data.weights),
    optimizer: data.optimizer && {
      numUpdates: data.optimizer.numUpdates,
      slots: entries(data.optimizer.slots),
    },
    accumulation: data.accumulation && {
      calls: data.accumulation.calls,
      gradients: entries(data.accumulation.gradients),
    },
    payloadBytes: 0,
    sha256: '0'.repeat(64),
  };
  header.payloadBytes = offset;
  const headerText = (): Buffer => Buffer.from(JSON.stringify(header), 'utf8');
  const headerLength = headerText().length;
  const prefix = Buffer.alloc(PREFIX_BYTES);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeBigUInt64LE(BigInt(headerLength), MAGIC.length);

  const temp = path.join(
    path.dirname(filePath),
    `.${path.basename(filePath)}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const fd = fs.openSync(temp, 'w');
    try {
      let position = PREFIX_BYTES + headerLength;
      const hash = createHash('sha256');
      for (const array of arrays) {
        const values = await valuesOf(array);
        if (values.length !== sizeOf(array.shape)) {
          throw new Error(
            `${array.name} holds ${values.length} values, its shape [${array.shape.join(', ')}] needs ${sizeOf(array.shape)}`,
          );
        }
        const bytes = bytesOf(values);
        hash.update(bytes);
        position += writeAll(fd, bytes, position);
      }
      header.sha256 = hash.digest('hex');
      const finalHeader = headerText(); // the same length: only the 64 hex digits of the checksum changed
      writeAll(fd, prefix, 0);
      writeAll(fd, finalHeader, PREFIX_BYTES);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    fs.rmSync(temp, { force: true });
    const failure = fileError(error, 'write the checkpoint', filePath);
    failure.message += fs.existsSync(filePath) ? '; the previous checkpoint is intact' : '';
    throw failure;
  }
  beforeRename?.();
  onFile('replace the checkpoint', filePath, () => fs.renameSync(temp, filePath));
  syncDirectory(path.dirname(filePath));
}

/** Writes all of bytes at position (writeSync may write less than asked); returns the byte count. */
function writeAll(fd: number, bytes: Uint8Array, position: number): number {
  let done = 0;
  while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
  return bytes.length;
}

/** The temporary files of saveCheckpoint in `dir` (left behind only by a writer that was killed). */
export function isCheckpointTempFile(name: string): boolean {
  return /^\..+\.ckpt\.[0-9a-f]{8}\.tmp$/.test(name);
}

export function loadCheckpoint(filePath: string): CheckpointData {
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(filePath);
  } catch (error) {
    throw new CheckpointError(fileError(error, 'read the checkpoint', filePath).message);
  }
  if (buffer.length < PREFIX_BYTES || buffer.toString('latin1', 0, MAGIC.length) !== MAGIC) {
    throw new CheckpointError(
      `${filePath} is not an int2int checkpoint (PyTorch .pth files of the original Int2Int cannot be loaded)`,
    );
  }
  const headerLength = Number(buffer.readBigUInt64LE(MAGIC.length));
  const payloadStart = PREFIX_BYTES + headerLength;
  let header: Header;
  try {
    header = JSON.parse(buffer.toString('utf8', PREFIX_BYTES, payloadStart)) as Header;
  } catch {
    throw new CheckpointError(`${filePath} is truncated or corrupted (unreadable header)`);
  }
  if (header.format !== 'int2int-checkpoint' || buffer.length !== payloadStart + header.payloadBytes) {
    throw new CheckpointError(
      `${filePath} is truncated or corrupted: expected ${payloadStart + header.payloadBytes} bytes, found ${buffer.length}`,
    );
  }
  const payload = buffer.subarray(payloadStart);
  if (createHash('sha256').update(payload).digest('hex') !== header.sha256) {
    throw new CheckpointError(`${filePath} is corrupted (checksum mismatch); use an earlier checkpoint`);
  }
  const read = (entries: TensorEntry[]): NamedArray[] =>
    entries.map(({ name, shape, offset, length }) => {
      const values = new Float32Array(length);
      bytesOf(values).set(payload.subarray(offset, offset + length * 4));
      return { name, shape, values };
    });
  const { format, payloadBytes, sha256, weights, optimizer, accumulation, ...rest } = header;
  return {
    ...rest,
    weights: read(weights),
    optimizer: optimizer && { numUpdates: optimizer.numUpdates, slots: read(optimizer.slots) },
    ...(accumulation && {
      accumulation: { calls: accumulation.calls, gradients: read(accumulation.gradients) },
    }),
  };
}

function bytesOf(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function syncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
