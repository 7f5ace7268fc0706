// `npm run bench:results`: how long `int2int runs` and `int2int plot` take over a dump path of thousands of runs (copies
// of one real training run, each with its own settings), as JSON; the whole commands, node's start included.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const REPO = path.join(__dirname, '..', '..', '..');
const CLI = path.join(REPO, 'framework', 'bin', 'run.js');
/** A run small enough to train in seconds, with the events of a real one: 4 epochs, a loss report every 5 steps. */
const TEMPLATE_RUN = [
  'train --operation gcd --exp_name template --exp_id run --num_workers 0',
  '--enc_emb_dim 32 --dec_emb_dim 32 --n_enc_layers 1 --n_dec_layers 1 --n_enc_heads 4 --n_dec_heads 4',
  '--batch_size 16 --epoch_size 320 --max_epoch 4 --eval_size 64 --max_output_len 4 --report_loss_every 5',
]
  .join(' ')
  .split(' ');

interface CommandTiming {
  command: string;
  seconds: number;
  exitCode: number | null;
  stdout: string;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '2000' },
      experiments: { type: 'string', default: '20' },
      out: { type: 'string', default: path.join(REPO, 'bench-results') },
    },
  });
  const runCount = Number(values.runs);
  const experiments = Number(values.experiments);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'int2int-results-bench-'));
  try {
    const trained = spawnSync(process.execPath, [CLI, ...TEMPLATE_RUN], { cwd: work, encoding: 'utf8' });
    if (trained.status !== 0) throw new Error(`the template run failed:\n${trained.stderr}`);
    const template = path.join(work, 'dumped', 'template', 'run');
    const dump = path.join(work, 'many');
    const bytes = copies(template, dump, runCount, experiments);
    const listed = time(['runs', dump, '--json'], work);
    const rows = (JSON.parse(listed.stdout) as { rows: unknown[] }).rows.length;
    if (rows !== runCount) throw new Error(`int2int runs --json listed ${rows} runs of ${runCount}`);
    const timings = [
      listed,
      time(['runs', dump, '--exp_name', 'exp0'], work),
      time(['runs', dump, '--filter', 'base=10', '--sort', 'best'], work),
      time(
        ['plot', dump, '--exp_name', 'exp0', '--chart', 'metric', '--by', 'base', '--out', 'metric.svg'],
        work,
      ),
    ];
    write(values.out, {
      kind: 'results',
      date: new Date().toISOString(),
      settings: { runs: runCount, experiments, eventsBytesPerRun: Math.round(bytes / runCount) },
      timings: timings.map(({ command, seconds, exitCode }) => ({ command, seconds, exitCode })),
      rowsListed: rows,
    });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** `count` copies of the run in `template`, spread over `experiments` exp_names, with bases and seeds that differ. */
function copies(template: string, dump: string, count: number, experiments: number): number {
  const events = fs.readFileSync(path.join(template, 'events.jsonl'));
  const params = JSON.parse(fs.readFileSync(path.join(template, 'params.json'), 'utf8')) as {
    params: Record<string, unknown>;
    operationParams: Record<string, unknown>;
  };
  for (let i = 0; i < count; i++) {
    const dir = path.join(dump, `exp${i % experiments}`, `run${i}`);
    fs.mkdirSync(dir, { recursive: true });
    const settings = {
      ...params,
      params: { ...params.params, env_base_seed: i },
      operationParams: { ...params.operationParams, base: [10, 30, 1000][i % 3] },
    };
    fs.writeFileSync(path.join(dir, 'params.json'), JSON.stringify(settings));
    fs.writeFileSync(path.join(dir, 'events.jsonl'), events);
  }
  return count * events.length;
}

function time(args: string[], cwd: string): CommandTiming {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) process.stderr.write(result.stderr);
  return {
    command: `int2int ${args.join(' ')}`,
    seconds: Math.round(seconds * 100) / 100,
    exitCode: result.status,
    stdout: result.stdout,
  };
}

function write(dir: string, content: object): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(content)}\nwritten to ${file}\n`);
}

main();
