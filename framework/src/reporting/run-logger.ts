// The run's logger: Int2Int-style lines on the console and in train.log, and typed events in events.jsonl.
import * as fs from 'node:fs';
import * as path from 'node:path';
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
  private logFile: number | undefined;
  private eventsFile: number | undefined;

  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  /** Starts writing train.log and events.jsonl in `runDir` (both appended to when resuming). */
  attach(runDir: string): void {
    this.logFile = fs.openSync(path.join(runDir, TRAIN_LOG), 'a');
    this.eventsFile = fs.openSync(path.join(runDir, EVENTS_FILE), 'a');
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

  log(level: LogLevel, message: string): void {
    const now = new Date();
    const prefix = `${level} - ${formatClock(now)} - ${formatElapsed(this.elapsedSeconds)} - `;
    const text = message
      .split('\n')
      .map((line) => prefix + line)
      .join('\n');
    if (level !== 'DEBUG') this.write(text);
    if (this.logFile !== undefined) fs.writeSync(this.logFile, `${text}\n`);
    this.event({ type: 'log', level, message });
  }

  event(input: RunEventInput): void {
    if (this.eventsFile === undefined) return;
    const event: RunEvent = {
      ...input,
      time: new Date().toISOString(),
      elapsed: Math.round(this.elapsedSeconds * 1000) / 1000,
    };
    fs.writeSync(this.eventsFile, `${JSON.stringify(event)}\n`);
  }

  close(): void {
    for (const fd of [this.logFile, this.eventsFile]) if (fd !== undefined) fs.closeSync(fd);
    this.logFile = this.eventsFile = undefined;
  }
}
