// The run's logger: Int2Int-style lines on the console and in train.log, and typed events in events.jsonl.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileError, onFile } from '../core/file-error';
import type { LogLevel, RunEvent, RunEventInput } from './events';

export const TRAIN_LOG = 'train.log';
export const EVENTS_FILE = 'events.jsonl';

/** `11/27/26 21:09:14`: Python's `%x %X` in the C locale, as Int2Int's log prefix. */
function formatClock(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${two(date.getMonth() + 1)}/${two(date.getDate())}/${two(date.getFullYear() % 100)} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
  );
}

/** `0:00:49`: elapsed time rounded to seconds, as Python's timedelta prints it. */
export function formatElapsed(seconds: number): string {
  const total = Math.round(seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(total / 3600)}:${two(Math.floor(total / 60) % 60)}:${two(total % 60)}`;
}

export class RunLogger {
  private readonly start = Date.now();
  private files: { log: OpenFile; events: OpenFile } | undefined;
  /**
   * What was logged before attach(): shown and written once the run folder is open, so that a run refused before
   * anything is written prints its one-line error only.
   */
  private pending: { console: string[]; log: string[]; events: string[] } | undefined = {
    console: [],
    log: [],
    events: [],
  };
  private readonly holdConsole: boolean;

  /**
   * `holdUntilAttached`: the console too gets the lines logged before attach() only then (a command that may be
   * refused before it writes anything prints its error alone); else they are shown at once.
   */
  constructor(
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    { holdUntilAttached = false } = {},
  ) {
    this.holdConsole = holdUntilAttached;
  }

  /**
   * Starts writing train.log and events.jsonl in `runDir` (both appended to when resuming), beginning with what
   * was logged so far. A partial last line left by a crash or a full disk is dropped from events.jsonl (each of its
   * lines must parse) and ended in train.log.
   */
  attach(runDir: string): void {
    const log = openAppend(path.join(runDir, TRAIN_LOG));
    const events = openAppend(path.join(runDir, EVENTS_FILE));
    this.files = { log, events };
    const pending = this.pending ?? { console: [], log: [], events: [] };
    this.pending = undefined;
    for (const line of pending.console) this.write(line);
    if (endsMidLine(log)) this.append(log, '\n');
    const dropped = dropPartialLine(events);
    for (const line of pending.log) this.append(log, line);
    for (const line of pending.events) this.append(events, line);
    if (dropped) {
      this.warn(
        `${events.file} ended with a partial line (${dropped} bytes, from a crash or a full disk): removed it`,
      );
    }
  }

  get elapsedSeconds(): number {
    return (Date.now() - this.start) / 1000;
  }

  info(message: string): void {
    this.log('INFO', message);
  }

  warn(message: string): void {
    this.log('WARNING', message);
  }

  error(message: string): void {
    this.log('ERROR', message);
  }

  /** Written to train.log and events.jsonl only, not to the console. */
  debug(message: string): void {
    this.log('DEBUG', message);
  }

  /** A line of the log; `toConsole` false keeps it to the files (an error the CLI also prints on stderr). */
  log(level: LogLevel, message: string, toConsole = level !== 'DEBUG'): void {
    const now = new Date();
    const prefix = `${level} - ${formatClock(now)} - ${formatElapsed(this.elapsedSeconds)} - `;
    const text = message
      .split('\n')
      .map((line) => prefix + line)
      .join('\n');
    if (toConsole && this.pending && this.holdConsole) this.pending.console.push(text);
    else if (toConsole) this.write(text);
    if (this.files) this.append(this.files.log, `${text}\n`);
    else this.pending?.log.push(`${text}\n`);
    this.event({ type: 'log', level, message });
  }

  event(input: RunEventInput): void {
    const event: RunEvent = {
      ...input,
      time: new Date().toISOString(),
      elapsed: Math.round(this.elapsedSeconds * 1000) / 1000,
    };
    const line = `${JSON.stringify(event)}\n`;
    if (this.files) this.append(this.files.events, line);
    else this.pending?.events.push(line);
  }

  /** Closes the files; later lines reach only the console. */
  close(): void {
    this.pending = undefined;
    if (!this.files) return;
    for (const { fd } of Object.values(this.files)) fs.closeSync(fd);
    this.files = undefined;
  }

  /** Appends, or closes the files and throws an error naming the file (the run then ends with it). */
  private append(file: OpenFile, text: string): void {
    try {
      const bytes = Buffer.from(text);
      // a short write (the disk filling up) is continued, so that the error that follows is seen
      for (let done = 0; done < bytes.length;) done += fs.writeSync(file.fd, bytes, done);
    } catch (error) {
      this.close();
      throw fileError(error, 'append to', file.file);
    }
  }
}

interface OpenFile {
  fd: number;
  file: string;
}

function openAppend(file: string): OpenFile {
  return { fd: onFile('open', file, () => fs.openSync(file, 'a+')), file };
}

function lastByte(file: OpenFile): number | undefined {
  const size = fs.fstatSync(file.fd).size;
  if (size === 0) return undefined;
  const byte = Buffer.alloc(1);
  fs.readSync(file.fd, byte, 0, 1, size - 1);
  return byte[0];
}

function endsMidLine(file: OpenFile): boolean {
  const byte = lastByte(file);
  return byte !== undefined && byte !== NEWLINE;
}

/** Truncates the file after its last newline; the number of bytes removed. */
function dropPartialLine(file: OpenFile): number {
  if (!endsMidLine(file)) return 0;
  const size = fs.fstatSync(file.fd).size;
  const chunk = Buffer.alloc(Math.min(size, 1 << 16));
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    fs.readSync(file.fd, chunk, 0, end - start, start);
    const newline = chunk.subarray(0, end - start).lastIndexOf(NEWLINE);
    if (newline !== -1) {
      onFile('repair', file.file, () => fs.ftruncateSync(file.fd, start + newline + 1));
      return size - (start + newline + 1);
    }
    end = start;
  }
  onFile('repair', file.file, () => fs.ftruncateSync(file.fd, 0));
  return size;
}

const NEWLINE = 0x0a;
