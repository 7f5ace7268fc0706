// Tests of the incremental events.jsonl reader: a growing file, a partial last line, a malformed line, a replaced file.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EventsReader, parseEventLine } from './events-reader';

const stats = (step: number) =>
  JSON.stringify({
    type: 'train_stats',
    epoch: 0,
    step,
    loss: 1 / step,
    learningRate: 1e-4,
    time: 't',
    elapsed: step,
  });

describe('EventsReader', () => {
  let file: string;
  beforeEach(() => {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'events-')), 'events.jsonl');
  });

  test('a missing file reads as nothing yet', () => {
    expect(new EventsReader(file).read()).toEqual({ events: [], malformed: [] });
  });

  test('reads only what the file gained since the previous read', () => {
    const reader = new EventsReader(file);
    fs.writeFileSync(file, `${stats(5)}\n${stats(10)}\n`);
    expect(reader.read().events.map((e) => e.type === 'train_stats' && e.step)).toEqual([5, 10]);
    expect(reader.read().events).toEqual([]);
    fs.appendFileSync(file, `${stats(15)}\n`);
    expect(reader.read().events.map((e) => e.type === 'train_stats' && e.step)).toEqual([15]);
  });

  test('keeps a partial last line until its end is written', () => {
    const reader = new EventsReader(file);
    const line = stats(20);
    fs.writeFileSync(file, `${stats(5)}\n${line.slice(0, 17)}`);
    expect(reader.read().events).toHaveLength(1);
    fs.appendFileSync(file, line.slice(17));
    expect(reader.read().events).toEqual([]);
    fs.appendFileSync(file, '\n');
    expect(reader.read().events).toEqual([JSON.parse(line)]);
  });

  test('a multi-byte character split between two writes is decoded whole', () => {
    const reader = new EventsReader(file);
    const bytes = Buffer.from(JSON.stringify({ type: 'log', level: 'INFO', message: 'épreuve' }) + '\n');
    const cut = bytes.indexOf(0xc3) + 1;
    fs.writeFileSync(file, bytes.subarray(0, cut));
    reader.read();
    fs.appendFileSync(file, bytes.subarray(cut));
    expect(reader.read().events).toEqual([expect.objectContaining({ message: 'épreuve' })]);
  });

  test('reports a malformed line with its number and reads on', () => {
    const reader = new EventsReader(file);
    fs.writeFileSync(file, `${stats(5)}\n{"type":\n[1,2]\n\n${stats(10)}\n`);
    const { events, malformed } = reader.read();
    expect(events).toHaveLength(2);
    expect(malformed.map((m) => m.line)).toEqual([2, 3]);
    expect(malformed[1].error).toMatch(/not an event/);
  });

  test('reads on, without reading anything twice, when int2int drops a partial last line before appending', () => {
    const reader = new EventsReader(file);
    fs.writeFileSync(file, `${stats(5)}\n{"type":"train_st`);
    expect(reader.read().events).toHaveLength(1);
    fs.truncateSync(file, Buffer.byteLength(`${stats(5)}\n`));
    fs.appendFileSync(
      file,
      `{"type":"log","level":"INFO","message":"resumed","time":"t","elapsed":0}\n${stats(10)}\n`,
    );
    expect(reader.read().events.map((e) => e.type)).toEqual(['log', 'train_stats']);
  });

  test('starts again from the top when the file is replaced by a shorter one', () => {
    const reader = new EventsReader(file);
    fs.writeFileSync(file, `${stats(5)}\n${stats(10)}\n`);
    reader.read();
    fs.writeFileSync(file, `${stats(1)}\n`);
    expect(reader.read().events.map((e) => e.type === 'train_stats' && e.step)).toEqual([1]);
  });
});

test('parseEventLine refuses JSON that is not an event', () => {
  expect(() => parseEventLine('{"loss":1}')).toThrow(/not an event/);
  expect(() => parseEventLine('nope')).toThrow();
});
