// Reads a run's events.jsonl as it grows: complete lines only, a partial last line kept for the next read, malformed lines reported.
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { RunEvent } from '../../../framework/src/reporting/events';

export interface MalformedLine {
  line: number;
  error: string;
}

export interface EventsChunk {
  events: RunEvent[];
  malformed: MalformedLine[];
}

/** One line of events.jsonl as a RunEvent; throws on anything else (bad JSON, no `type`). */
export function parseEventLine(text: string): RunEvent {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') {
    throw new Error('not an event (an object with a "type")');
  }
  return value as RunEvent;
}

/** Incremental reader of one events.jsonl; each read() returns what was appended since the previous one. */
export class EventsReader {
  private offset = 0;
  private partial = '';
  private lineNumber = 0;
  private decoder = new StringDecoder('utf8');

  constructor(readonly file: string) {}

  read(): EventsChunk {
    let size: number;
    try {
      size = fs.statSync(this.file).size;
    } catch {
      return { events: [], malformed: [] };
    }
    if (size < this.offset) this.restart(); // the file was replaced or truncated
    if (size === this.offset) return { events: [], malformed: [] };
    const buffer = Buffer.alloc(size - this.offset);
    const fd = fs.openSync(this.file, 'r');
    try {
      const read = fs.readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset += read;
      return this.take(this.decoder.write(buffer.subarray(0, read)));
    } finally {
      fs.closeSync(fd);
    }
  }

  private take(text: string): EventsChunk {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    const chunk: EventsChunk = { events: [], malformed: [] };
    for (const line of lines) {
      this.lineNumber += 1;
      if (line.trim() === '') continue;
      try {
        chunk.events.push(parseEventLine(line));
      } catch (error) {
        chunk.malformed.push({ line: this.lineNumber, error: (error as Error).message });
      }
    }
    return chunk;
  }

  private restart(): void {
    this.offset = 0;
    this.partial = '';
    this.lineNumber = 0;
    this.decoder = new StringDecoder('utf8');
  }
}
