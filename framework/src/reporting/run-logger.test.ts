// Tests for RunLogger: Int2Int's line format, DEBUG kept off the console, train.log and events.jsonl.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from './events';
import { EVENTS_FILE, formatElapsed, RunLogger, TRAIN_LOG } from './run-logger';

const LINE = /^(INFO|WARNING|ERROR|DEBUG) - \d{2}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} - \d+:\d{2}:\d{2} - /;

describe('formatElapsed', () => {
  it.each([
    [0, '0:00:00'],
    [49.4, '0:00:49'],
    [59.6, '0:01:00'],
    [3725.4, '1:02:05'],
    [36000, '10:00:00'],
    [90061, '25:01:01'],
  ])('formats %p seconds as %s', (seconds, expected) => {
    expect(formatElapsed(seconds)).toBe(expected);
  });
});

describe('RunLogger', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'int2int-logger-'));
  });
  afterEach(() => {
    jest.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prefixes lines with level, clock and elapsed time, as Int2Int', () => {
    jest.useFakeTimers({ now: new Date(2025, 1, 7, 9, 32, 3) });
    const lines: string[] = [];
    const logger = new RunLogger((line) => lines.push(line));
    jest.setSystemTime(new Date(2025, 1, 7, 10, 34, 8, 400));
    logger.info('============ Initialized logger ============');
    expect(lines).toEqual([
      'INFO - 02/07/25 10:34:08 - 1:02:05 - ============ Initialized logger ============',
    ]);
  });

  it('prefixes every line of a multi-line message', () => {
    const lines: string[] = [];
    const logger = new RunLogger((line) => lines.push(line));
    logger.warn('first\nsecond');
    const [text] = lines;
    const parts = text.split('\n');
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatch(new RegExp(`${LINE.source}first$`));
    expect(parts[1]).toMatch(new RegExp(`^WARNING - .* - second$`));
  });

  it('keeps DEBUG off the console but writes it to train.log, and every line to events.jsonl, from the start', () => {
    const lines: string[] = [];
    const logger = new RunLogger((line) => lines.push(line));
    logger.info('before attach');
    logger.attach(dir);
    logger.info('hello');
    logger.debug('details');
    logger.warn('careful');
    logger.error('broken');
    logger.event({ type: 'run_end', status: 'finished' });
    logger.close();
    logger.info('after close');

    expect(lines.map((l) => l.replace(LINE, '$1: '))).toEqual([
      'INFO: before attach',
      'INFO: hello',
      'WARNING: careful',
      'ERROR: broken',
      'INFO: after close',
    ]);
    const log = readFileSync(join(dir, TRAIN_LOG), 'utf8').split('\n');
    expect(log.pop()).toBe('');
    expect(log.map((l) => l.replace(LINE, '$1: '))).toEqual([
      'INFO: before attach',
      'INFO: hello',
      'DEBUG: details',
      'WARNING: careful',
      'ERROR: broken',
    ]);
    const events = readFileSync(join(dir, EVENTS_FILE), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RunEvent);
    expect(events.map(({ time, elapsed, ...rest }) => rest)).toEqual([
      { type: 'log', level: 'INFO', message: 'before attach' },
      { type: 'log', level: 'INFO', message: 'hello' },
      { type: 'log', level: 'DEBUG', message: 'details' },
      { type: 'log', level: 'WARNING', message: 'careful' },
      { type: 'log', level: 'ERROR', message: 'broken' },
      { type: 'run_end', status: 'finished' },
    ]);
    for (const { time, elapsed } of events) {
      expect(new Date(time).toISOString()).toBe(time);
      expect(elapsed).toBeGreaterThanOrEqual(0);
      expect(elapsed).toBeLessThan(60);
    }
  });

  it('stamps events with the elapsed seconds, rounded to milliseconds', () => {
    jest.useFakeTimers({ now: new Date('2025-02-07T09:00:00.000Z') });
    const logger = new RunLogger(() => undefined);
    logger.attach(dir);
    jest.setSystemTime(new Date('2025-02-07T09:00:12.3456Z'));
    logger.event({ type: 'run_end', status: 'stopped', message: 'patience exhausted' });
    logger.close();
    const event = JSON.parse(readFileSync(join(dir, EVENTS_FILE), 'utf8')) as RunEvent;
    expect(event).toEqual({
      type: 'run_end',
      status: 'stopped',
      message: 'patience exhausted',
      time: '2025-02-07T09:00:12.345Z',
      elapsed: 12.345,
    });
  });

  it('appends to the files of an earlier run when resuming', () => {
    for (const message of ['first run', 'resumed run']) {
      const logger = new RunLogger(() => undefined);
      logger.attach(dir);
      logger.info(message);
      logger.close();
    }
    const log = readFileSync(join(dir, TRAIN_LOG), 'utf8').trim().split('\n');
    expect(log.map((l) => l.replace(LINE, ''))).toEqual(['first run', 'resumed run']);
    expect(readFileSync(join(dir, EVENTS_FILE), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('holds the console lines until the files open when asked to (a refused command prints only its error)', () => {
    const lines: string[] = [];
    const logger = new RunLogger((line) => lines.push(line), { holdUntilAttached: true });
    logger.info('header');
    expect(lines).toEqual([]);
    logger.attach(dir);
    logger.info('training');
    expect(lines.map((l) => l.replace(LINE, ''))).toEqual(['header', 'training']);
    logger.close();
    const refused = new RunLogger((line) => lines.push(line), { holdUntilAttached: true });
    refused.info('never shown');
    refused.close();
    refused.info('after close');
    expect(lines.at(-1)).toMatch(/after close$/);
    expect(lines).toHaveLength(3);
  });

  it('drops a partial last line of events.jsonl and ends a partial line of train.log before appending', () => {
    const first = new RunLogger(() => undefined);
    first.attach(dir);
    first.info('complete');
    first.close();
    appendFileSync(join(dir, EVENTS_FILE), '{"type":"log","lev');
    appendFileSync(join(dir, TRAIN_LOG), 'INFO - half a li');
    const lines: string[] = [];
    const second = new RunLogger((line) => lines.push(line));
    second.attach(dir);
    second.info('resumed');
    second.close();
    const events = readFileSync(join(dir, EVENTS_FILE), 'utf8').trim().split('\n');
    expect(events.map((line) => (JSON.parse(line) as { message: string }).message)).toEqual([
      'complete',
      `${join(dir, EVENTS_FILE)} ended with a partial line (18 bytes, from a crash or a full disk): removed it`,
      'resumed',
    ]);
    const log = readFileSync(join(dir, TRAIN_LOG), 'utf8').split('\n');
    expect(log[1]).toBe('INFO - half a li');
    expect(log[3]).toMatch(/ - resumed$/);
    expect(lines[0]).toMatch(/^WARNING - .* ended with a partial line/);
  });

  it('names the file when a write fails (a full disk), and goes on on the console only', () => {
    symlinkSync('/dev/full', join(dir, EVENTS_FILE));
    const lines: string[] = [];
    const logger = new RunLogger((line) => lines.push(line));
    logger.info('before attach');
    expect(() => logger.attach(dir)).toThrow(
      `Cannot append to ${join(dir, EVENTS_FILE)}: no space left on the device (ENOSPC)`,
    );
    logger.event({ type: 'run_end', status: 'failed' });
    logger.info('still on the console');
    expect(lines).toHaveLength(2);
  });
});
