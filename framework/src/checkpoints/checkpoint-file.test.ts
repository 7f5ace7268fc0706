// Tests for checkpoint files: a full round trip, atomic replacement, and the errors for damaged or foreign files.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CheckpointError,
  isCheckpointTempFile,
  loadCheckpoint,
  saveCheckpoint,
  type CheckpointData,
} from './checkpoint-file';
import type { ArraySource, NamedArray } from '../models/named-array';

const sample = (scale = 1): CheckpointData => ({
  epoch: 3,
  nTotalIter: 4567,
  bestMetrics: { valid_arithmetic_acc: 91.5, _valid_arithmetic_xe_loss: 0.125 },
  bestStoppingCriterion: 91.5,
  stoppingCounter: 2,
  operation: 'gcd',
  params: { batch_size: 32, optimizer: 'adam,lr=0.0001', cpu: true, dropout: 0.1 },
  operationParams: { maxint: 100, signed: false },
  vocabulary: ['<eos>', '<pad>', '<sep>', '+', '-', '0', '1', 'é'],
  weights: [
    {
      name: 'encoder/embedding',
      shape: [2, 3],
      values: Float32Array.from([1, -2, 3.5, 0, 1e-8, -7].map((v) => v * scale)),
    },
    { name: 'decoder/bias', shape: [4], values: Float32Array.from([0.25, 0.5, 0.75, 1]) },
    { name: 'empty', shape: [0], values: new Float32Array(0) },
  ],
  optimizer: {
    numUpdates: 4567,
    slots: [
      { name: 'encoder/embedding/m', shape: [2, 3], values: Float32Array.from([6, 5, 4, 3, 2, 1]) },
      {
        name: 'encoder/embedding/v',
        shape: [2, 3],
        values: Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]),
      },
    ],
  },
});

describe('checkpoint files', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'int2int-ckpt-'));
    file = join(dir, 'checkpoint.ckpt');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips every field and array', async () => {
    const data = sample();
    await saveCheckpoint(file, data);
    const loaded = loadCheckpoint(file);
    expect(loaded).toEqual(data);
    expect(loaded.weights[0].values).toBeInstanceOf(Float32Array);
    expect(Array.from(loaded.weights[0].values)).toEqual(Array.from(data.weights[0].values));
    expect(Array.from(loaded.optimizer!.slots[1].values)).toEqual(
      Array.from(data.optimizer!.slots[1].values),
    );
  });

  it('writes arrays read one at a time through one scratch buffer, as a model saves its weights', async () => {
    const data = sample();
    const scratch = new Float32Array(6);
    const reads: string[] = [];
    const lazily = (arrays: NamedArray[]): ArraySource[] =>
      arrays.map(({ name, shape, values }) => ({
        name,
        shape,
        read: () => {
          reads.push(name);
          scratch.fill(NaN); // anything still holding the previous read would see it overwritten
          scratch.set(values);
          return scratch.subarray(0, values.length);
        },
      }));
    await saveCheckpoint(file, {
      ...data,
      weights: lazily(data.weights),
      optimizer: { numUpdates: 4567, slots: lazily(data.optimizer!.slots) },
    });
    expect(reads).toEqual([...data.weights, ...data.optimizer!.slots].map((a) => a.name));
    expect(loadCheckpoint(file)).toEqual(data);
  });

  it('refuses an array whose values do not fill its shape, leaving no file', async () => {
    const data = sample();
    data.weights[1] = { name: 'decoder/bias', shape: [5], values: Float32Array.from([1, 2, 3, 4]) };
    await expect(saveCheckpoint(file, data)).rejects.toThrow(
      `Cannot write the checkpoint ${file}: decoder/bias holds 4 values, its shape [5] needs 5`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('round-trips a checkpoint without optimizer state and arrays that are views into larger buffers', async () => {
    const big = Float32Array.from([9, 9, 1, 2, 3, 9]);
    const data: CheckpointData = {
      ...sample(),
      bestStoppingCriterion: null,
      weights: [{ name: 'view', shape: [3], values: big.subarray(2, 5) }],
      optimizer: undefined,
    };
    await saveCheckpoint(file, data);
    const loaded = loadCheckpoint(file);
    expect(loaded.optimizer).toBeUndefined();
    expect(loaded.bestStoppingCriterion).toBeNull();
    expect(Array.from(loaded.weights[0].values)).toEqual([1, 2, 3]);
  });

  it('round-trips a mid-epoch checkpoint: progress, stream position, accumulated gradients', async () => {
    const data: CheckpointData = {
      ...sample(),
      progress: {
        phase: 'training',
        examples: 640,
        stream: {
          generators: [
            [1, 2, 3, 4],
            [5, 6, 7, 8],
          ],
          turn: 1,
        },
        reportLosses: [0.5, 0.25],
      },
      skippedSteps: 3,
      dropoutState: [9, 8, 7, 6],
      accumulation: {
        calls: 1,
        gradients: [{ name: 'decoder/bias', shape: [4], values: Float32Array.from([1, 2, 3, 4]) }],
      },
    };
    await saveCheckpoint(file, data);
    expect(loadCheckpoint(file)).toEqual(data);
  });

  it('calls beforeRename once the new file is complete, while the old one is still in place', async () => {
    await saveCheckpoint(file, sample(1));
    let seen: { epoch: number; temps: string[] } | undefined;
    await saveCheckpoint(file, { ...sample(2), epoch: 4 }, () => {
      const temps = readdirSync(dir).filter(isCheckpointTempFile);
      seen = { epoch: loadCheckpoint(file).epoch, temps };
      expect(loadCheckpoint(join(dir, temps[0])).epoch).toBe(4);
    });
    expect(seen).toEqual({
      epoch: 3,
      temps: [expect.stringMatching(/^\.checkpoint\.ckpt\.[0-9a-f]{8}\.tmp$/)],
    });
    expect(loadCheckpoint(file).epoch).toBe(4);
  });

  it('names the file and the reason when it cannot write, and leaves nothing behind', async () => {
    const nowhere = join(dir, 'missing-folder', 'checkpoint.ckpt');
    await expect(saveCheckpoint(nowhere, sample())).rejects.toThrow(
      `Cannot write the checkpoint ${nowhere}: no such file or folder (ENOENT)`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves no temporary file behind and replaces an existing checkpoint', async () => {
    await saveCheckpoint(file, sample(1));
    await saveCheckpoint(file, { ...sample(2), epoch: 4 });
    expect(readdirSync(dir)).toEqual(['checkpoint.ckpt']);
    const loaded = loadCheckpoint(file);
    expect(loaded.epoch).toBe(4);
    expect(loaded.weights[0].values[0]).toBe(2);
  });

  it('rejects a truncated file, in the payload or in the header', async () => {
    await saveCheckpoint(file, sample());
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 5));
    expect(() => loadCheckpoint(file)).toThrow(CheckpointError);
    expect(() => loadCheckpoint(file)).toThrow(
      new RegExp(`truncated or corrupted: expected ${bytes.length} bytes, found ${bytes.length - 5}`),
    );
    writeFileSync(file, bytes.subarray(0, 60));
    expect(() => loadCheckpoint(file)).toThrow(`${file} is truncated or corrupted (unreadable header)`);
  });

  it('detects a flipped byte in the payload with the checksum', async () => {
    await saveCheckpoint(file, sample());
    const bytes = readFileSync(file);
    bytes[bytes.length - 3] ^= 0x10;
    writeFileSync(file, bytes);
    expect(() => loadCheckpoint(file)).toThrow(
      `${file} is corrupted (checksum mismatch); use an earlier checkpoint`,
    );
  });

  it('rejects foreign and missing files', () => {
    writeFileSync(file, Buffer.from('PK\u0003\u0004 a PyTorch zip archive, not ours......'));
    expect(() => loadCheckpoint(file)).toThrow(
      `${file} is not an int2int checkpoint (PyTorch .pth files of the original Int2Int cannot be loaded)`,
    );
    writeFileSync(file, '');
    expect(() => loadCheckpoint(file)).toThrow('is not an int2int checkpoint');
    const missing = join(dir, 'nope.ckpt');
    expect(existsSync(missing)).toBe(false);
    expect(() => loadCheckpoint(missing)).toThrow(
      `Cannot read the checkpoint ${missing}: no such file or folder (ENOENT)`,
    );
  });
});
