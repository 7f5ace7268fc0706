// Reads a run's events.jsonl as it grows, for every reader of runs: complete lines only, a partial last line kept, malformed lines reported.
import * as fs from 'node:fs';
import type { RunEvent } from './events';

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

/**
 * Incremental reader of one events.jsonl; each read() returns the complete lines appended since the previous one.
 * It consumes whole lines only, so a partial last line is read again once complete, and int2int dropping such a line
 * (after a crash or a full disk) before appending loses nothing and reads nothing twice.
 */
export class EventsReader {
  /** Bytes of complete lines read so far. */
  private offset = 0;
  private lineNumber = 0;

  constructor(readonly file: string) {}

  read(): EventsChunk {
    let size: number;
    try {
      size = fs.statSync(this.file).size;
    } catch {
      return { events: [], malformed: [] };
    }
    if (size < this.offset) this.restart(); // the file was replaced by a shorter one
    if (size === this.offset) return { events: [], malformed: [] };
    const buffer = Buffer.alloc(size - this.offset);
    const fd = fs.openSync(this.file, 'r');
    let read: number;
    try {
      read = fs.readSync(fd, buffer, 0, buffer.length, this.offset);
    } finally {
      fs.closeSync(fd);
    }
    const end = buffer.subarray(0, read).lastIndexOf(NEWLINE) + 1;
    this.offset += end;
    return this.take(buffer.toString('utf8', 0, end));
  }

  private take(text: string): EventsChunk {
    const chunk: EventsChunk = { events: [], malformed: [] };
    if (text === '') return chunk;
    for (const line of text.slice(0, -1).split('\n')) {
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
    this.lineNumber = 0;
  }
}

const NEWLINE = 0x0a;
