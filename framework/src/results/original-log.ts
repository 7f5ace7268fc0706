// Reads the train.log of an original Int2Int (PyTorch) run as int2int run events: its logged parameters, the
// `equations/s` training reports, the `__log__:` scores and checkpoint of each epoch, so that `int2int runs` and `plot` show both.
import type { ClassResult, EvaluationEvent, RunEvent, TrainStatsEvent } from '../reporting/events';
import { parseScores } from '../reporting/scores-line';

/** What an original train.log says: its settings, its command line and its events. */
export interface OriginalLog {
  params: Record<string, string | number | boolean | null>;
  command?: string;
  events: RunEvent[];
  /** Lines that could not be read, as `line N: why`. */
  problems: string[];
}

/** The first line of every original train.log. */
const FIRST_LINE = /^INFO - .* - ============ Initialized logger ============$/;

/** `INFO - 12/04/26 14:30:45 - 0:00:43 - message`; the elapsed time may read `1 day, 2:03:04`. */
const LINE =
  /^(INFO|WARNING|ERROR|DEBUG) - (\d\d)\/(\d\d)\/(\d\d) (\d\d:\d\d:\d\d) - (?:(\d+) days?, )?(\d+):(\d\d):(\d\d) - (.*)$/;

/** `    200 -  130.40 equations/s -  1303.96 words/s - ARITHMETIC:  0.7579 - LR: 1.0000e-04`. */
const REPORT = /^\s*(\d+) - +(\S+) equations\/s - +(\S+) words\/s - ARITHMETIC: +(\S+) - LR: (\S+)/;

const EPOCH_START = /^============ Starting epoch (\d+) \.\.\. ============$/;

/** `Saving checkpoint to .../checkpoint.pth ...`: the end of an epoch, after its evaluation. */
const CHECKPOINT = /^Saving checkpoint to (.*) \.\.\.$/;

/** `12: 5 / 7 (71.43%)`: a class with correct answers, printed before the epoch's __log__ line. */
const CLASS_COUNT = /^(\d+(?:-\d+)?): (\d+) \/ (\d+) \(/;

/** Whether `firstLine` opens an original Int2Int train.log. */
export function isOriginalLog(firstLine: string): boolean {
  return FIRST_LINE.test(firstLine);
}

/** The events of an original Int2Int train.log (complete lines only: a run still writing is read as far as it got). */
export function parseOriginalLog(text: string, runDir: string): OriginalLog {
  const lines = text.split('\n');
  if (!text.endsWith('\n')) lines.pop(); // a line still being written
  const params: OriginalLog['params'] = {};
  const events: RunEvent[] = [];
  const problems: string[] = [];
  let command: string | undefined;
  let epoch = 0;
  let counts = new Map<string, { correct: number; total: number }>();
  let inParams = false;
  lines.forEach((line, index) => {
    const match = LINE.exec(line);
    if (!match) {
      if (inParams) readParam(line, params);
      return; // the continuation of a message (a traceback, a long command line)
    }
    const [, , month, day, year, clock, days, hours, minutes, seconds, message] = match;
    const stamp = {
      time: new Date(`20${year}-${month}-${day}T${clock}`).toISOString(),
      elapsed: Number(days ?? 0) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds),
    };
    inParams = index === 1; // the parameters: the message after the logger's first line, one per line
    if (inParams) return readParam(message, params);
    if (message.startsWith('Running command: ')) command = message.slice('Running command: '.length);
    else if (EPOCH_START.test(message)) epoch = Number(EPOCH_START.exec(message)![1]);
    else if (REPORT.test(message)) events.push(report(REPORT.exec(message)!, epoch, stamp));
    else if (CHECKPOINT.test(message)) {
      // the steps of the epochs done: an epoch ends with the batch that reaches epoch_size examples
      const { epoch_size: size, batch_size: batch } = params;
      const step =
        typeof size === 'number' && typeof batch === 'number' ? (epoch + 1) * Math.ceil(size / batch) : 0;
      events.push({
        type: 'checkpoint',
        ...stamp,
        epoch,
        step,
        path: CHECKPOINT.exec(message)![1],
        kind: 'last',
      });
    } else if (CLASS_COUNT.test(message)) {
      const [, name, correct, total] = CLASS_COUNT.exec(message)!;
      counts.set(name, { correct: Number(correct), total: Number(total) });
    } else if (message.startsWith('__log__:')) {
      try {
        const scores: unknown = parseScores(message.slice('__log__:'.length));
        if (typeof scores !== 'object' || scores === null || Array.isArray(scores))
          throw new Error('a __log__ line that is not a JSON object');
        events.push(evaluation(scores as Record<string, number>, counts, stamp));
      } catch (error) {
        problems.push(`line ${index + 1}: ${(error as Error).message} (line skipped)`);
      }
      counts = new Map();
    }
  });
  events.unshift({
    type: 'run_start',
    time: events[0]?.time ?? new Date(0).toISOString(),
    elapsed: 0,
    runDir,
    operation: String(params.operation ?? ''),
    params: params as Record<string, string | number | boolean>,
    backend: params.cpu === true ? 'original Int2Int (PyTorch, CPU)' : 'original Int2Int (PyTorch)',
    vocabularySize: 0,
    parameterCount: {},
  });
  delete params.command; // the command line, also logged on its own line
  const evaluated = events.filter((event) => event.type === 'evaluation').length;
  const maxEpoch = typeof params.max_epoch === 'number' ? params.max_epoch : -1;
  if (maxEpoch > 0 && evaluated >= maxEpoch) {
    const last = events.at(-1)!;
    events.push({ type: 'run_end', time: last.time, elapsed: last.elapsed, status: 'finished' });
  }
  return { params, command, events, problems };
}

/** `key: value`, with Python's values (True, False, None, numbers, text). */
function readParam(text: string, params: OriginalLog['params']): void {
  const at = text.indexOf(': ');
  if (at <= 0) return;
  const key = text.slice(0, at).trim();
  const value = text.slice(at + 2).trim();
  params[key] =
    value === 'True'
      ? true
      : value === 'False'
        ? false
        : value === 'None'
          ? null
          : value !== '' && Number.isFinite(Number(value))
            ? Number(value)
            : value;
}

function report(
  match: RegExpExecArray,
  epoch: number,
  stamp: { time: string; elapsed: number },
): TrainStatsEvent {
  const [, step, examplesPerSecond, wordsPerSecond, loss, learningRate] = match;
  return {
    type: 'train_stats',
    ...stamp,
    epoch,
    step: Number(step),
    examplesPerSecond: Number(examplesPerSecond),
    wordsPerSecond: Number(wordsPerSecond),
    loss: pythonNumber(loss),
    learningRate: Number(learningRate),
  };
}

/** Python's `nan`, `inf` and `-inf` as numbers. */
function pythonNumber(text: string): number {
  return /^[-+]?inf$/i.test(text) ? (text.startsWith('-') ? -Infinity : Infinity) : Number(text);
}

function evaluation(
  scores: Record<string, number>,
  counts: ReadonlyMap<string, { correct: number; total: number }>,
  stamp: { time: string; elapsed: number },
): EvaluationEvent {
  const { epoch, ...metrics } = scores;
  if (!Number.isInteger(epoch)) throw new Error('a __log__ line without its epoch');
  const classes: ClassResult[] = [];
  for (const [key, value] of Object.entries(metrics)) {
    const cls = /^valid_arithmetic_(?:beam_)?acc_(\d+(?:-\d+)?)$/.exec(key);
    if (!cls) continue;
    // the log gives counts for the classes with a correct answer; for the others, the percentage only
    const count = counts.get(cls[1]);
    classes.push({ name: cls[1], correct: count?.correct ?? 0, total: count?.total ?? 0, accuracy: value });
  }
  return { type: 'evaluation', ...stamp, epoch, split: 'valid', metrics, classes, mistakes: [] };
}
