// Fault injection: kill -9 at seeded random moments (some inside a checkpoint write) until the run completes, with
// final losses and scores bit-identical to an uninterrupted run; a full disk (a small tmpfs) leaves the previous
// checkpoint intact and names the file it could not write.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isCheckpointTempFile, loadCheckpoint } from '../framework/src/checkpoints/checkpoint-file';
import { Rng } from '../framework/src/core/rng';
import { CLI, makeTempDir, readEvents, runCli } from './cli-helpers';

/** A model big enough that a checkpoint write takes a few milliseconds (1.2M parameters, 14 MB with Adam's slots). */
const RUN = [
  'train',
  '--operation',
  'gcd',
  '--enc_emb_dim',
  '64',
  '--dec_emb_dim',
  '64',
  '--n_enc_layers',
  '2',
  '--n_dec_layers',
  '2',
  '--batch_size',
  '16',
  '--epoch_size',
  '480',
  '--max_epoch',
  '12',
  '--eval_size',
  '100',
  '--max_output_len',
  '4',
  '--report_loss_every',
  '5',
  '--num_workers',
  '1',
  '--env_base_seed',
  '11',
];
const KILLS = 12;

/** The last loss logged for each step and the last scores of each epoch: what the experiment ends up reporting. */
function finalReports(runDir: string): { losses: Map<number, number>; scores: Map<number, string> } {
  const losses = new Map<number, number>();
  const scores = new Map<number, string>();
  for (const event of readEvents(runDir)) {
    if (event.type === 'train_stats') losses.set(event.step as number, event.loss as number);
    if (event.type === 'log') {
      const match = /^__log__:(\{"epoch":(\d+).*\})$/.exec(event.message as string);
      if (match) scores.set(Number(match[2]), match[1]);
    }
  }
  return { losses, scores };
}

/**
 * How a run is killed: during its `write`-th checkpoint write (counting from 1), or `delayMs` after it logged its
 * `report`-th training loss (a moment defined by the run's own progress, so that a faster machine kills it as often).
 */
type KillAt = { write: number } | { report: number; delayMs: number };

/** Starts the run and kills it (SIGKILL) as `at` says; `tempLeft`: a checkpoint write was cut short. */
function runAndKill(
  cwd: string,
  runDir: string,
  at: KillAt,
): Promise<{ killed: boolean; tempLeft: boolean; exitCode: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...RUN, '--exp_id', 'victim'], { cwd, stdio: 'ignore' });
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      child.kill('SIGKILL');
    };
    const writes = new Set<string>();
    const events = path.join(runDir, 'events.jsonl');
    const eventsBefore = fs.existsSync(events) ? fs.statSync(events).size : 0;
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      if (!fs.existsSync(runDir)) return;
      if ('write' in at) {
        const temps = fs.readdirSync(runDir).filter(isCheckpointTempFile);
        for (const name of temps) writes.add(name);
        if (writes.size >= at.write && temps.length > 0) kill();
      } else if (timer === undefined && fs.existsSync(events) && fs.statSync(events).size > eventsBefore) {
        const added = fs.readFileSync(events).subarray(eventsBefore).toString();
        if ((added.match(/"type":"train_stats"/g) ?? []).length >= at.report)
          timer = setTimeout(kill, at.delayMs);
      }
    }, 1);
    child.on('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      const tempLeft = fs.existsSync(runDir) && fs.readdirSync(runDir).some(isCheckpointTempFile);
      resolve({ killed, tempLeft, exitCode: code });
    });
  });
}

describe('kill -9 at random moments', () => {
  const cwd = makeTempDir('kills');
  const victim = path.join(cwd, 'dumped', 'debug', 'victim');
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it(`${KILLS} kills, some inside checkpoint writes: the resumed runs end bit-identical to an uninterrupted one`, async () => {
    const reference = runCli([...RUN, '--exp_id', 'reference'], cwd);
    expect(reference.status).toBe(0);
    const expected = finalReports(path.join(cwd, 'dumped', 'debug', 'reference'));
    expect(expected.scores.size).toBe(12);

    const rng = new Rng([2026, 12, 2]);
    const figures = { kills: 0, insideWrites: 0, resumes: 0 };
    for (let attempt = 0; attempt < 4 * KILLS && figures.kills < KILLS; attempt++) {
      const at: KillAt =
        rng.float() < 0.5 ? { write: rng.int(2, 4) } : { report: rng.int(1, 8), delayMs: rng.int(0, 200) };
      const outcome = await runAndKill(cwd, victim, at);
      if (!outcome.killed) {
        expect(outcome.exitCode).toBe(0); // it finished before the kill came
        break;
      }
      figures.kills++;
      if (outcome.tempLeft) figures.insideWrites++;
      if (fs.existsSync(path.join(victim, 'checkpoint.ckpt'))) {
        expect(() => loadCheckpoint(path.join(victim, 'checkpoint.ckpt'))).not.toThrow();
      }
    }
    const last = runCli([...RUN, '--exp_id', 'victim'], cwd);
    expect(last.status).toBe(0);
    figures.resumes = readEvents(victim).filter((e) => e.type === 'run_start' && e.resumedFrom).length;
    process.stdout.write(`kill -9 suite: ${JSON.stringify(figures)}\n`);

    // the kills come at seeded moments, but a machine's speed decides how far each run got: a little slack
    expect(figures.kills).toBeGreaterThanOrEqual(KILLS - 2);
    expect(figures.insideWrites).toBeGreaterThanOrEqual(KILLS / 3);
    expect(figures.resumes).toBeGreaterThanOrEqual(KILLS - 3);
    const actual = finalReports(victim);
    expect([...actual.scores.entries()]).toEqual([...expected.scores.entries()]);
    expect(new Map([...actual.losses].sort(([a], [b]) => a - b))).toEqual(
      new Map([...expected.losses].sort(([a], [b]) => a - b)),
    );
    expect(fs.readdirSync(victim).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

/** Runs `script` as root of its own user and mount namespaces, where it may mount a tmpfs; undefined if it can't. */
/** Whether this machine lets a test mount a tmpfs (a small full disk) in a user namespace of its own. */
const CAN_MOUNT_TMPFS =
  spawnSync('unshare', ['--map-root-user', '--mount', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs /mnt'])
    .status === 0;

function inMountNamespace(script: string, env: NodeJS.ProcessEnv): { status: number | null; output: string } {
  const result = spawnSync('unshare', ['--map-root-user', '--mount', 'sh', '-c', script], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 300_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

// skipped, saying so, where no tmpfs can be mounted (a container without user namespaces)
if (!CAN_MOUNT_TMPFS)
  console.warn('The full-disk test is skipped: this machine cannot mount a tmpfs in a user namespace');
(CAN_MOUNT_TMPFS ? describe : describe.skip)('a full disk (a 16 MB tmpfs)', () => {
  const dir = makeTempDir('full-disk');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves the previous checkpoint intact, names the file, and the run resumes once there is room', () => {
    const tiny = ['--enc_emb_dim', '32', '--dec_emb_dim', '32', '--n_enc_layers', '1', '--n_dec_layers', '1'];
    const train = [
      CLI,
      ...RUN.slice(0, 3),
      ...tiny,
      '--epoch_size',
      '160',
      '--eval_size',
      '32',
      '--num_workers',
      '0',
    ];
    const command = (maxEpoch: number) =>
      `"${process.execPath}" ${train.map((a) => `'${a}'`).join(' ')} --dump_path "$DISK" --exp_id f --max_epoch ${maxEpoch}`;
    const step = (name: string, maxEpoch: number) =>
      `${command(maxEpoch)} > "$OUT/${name}.log" 2>&1; echo $? > "$OUT/${name}.rc"; cp -r "$DISK/debug/f" "$OUT/${name}"`;
    const free = `$(df -B1 --output=avail "$DISK" | tail -1)`;
    const script = [
      'set -u',
      'mount -t tmpfs -o size=16m tmpfs "$DISK"',
      step('first', 1),
      // leave room for the logs, not for a checkpoint (4.3 MB)
      `head -c $((${free} - 1048576)) /dev/zero > "$DISK/filler"`,
      step('checkpoint-full', 2),
      `head -c ${free} /dev/zero > "$DISK/filler2"`,
      step('log-full', 2),
      'rm "$DISK/filler" "$DISK/filler2"',
      step('room-again', 2),
    ].join('\n');
    const disk = path.join(dir, 'disk');
    const out = path.join(dir, 'out');
    fs.mkdirSync(disk);
    fs.mkdirSync(out);
    const result = inMountNamespace(script, { DISK: disk, OUT: out });
    expect(`${result.status}: ${result.output}`).toMatch(/^0: /);
    const rc = (name: string) => Number(fs.readFileSync(path.join(out, `${name}.rc`), 'utf8'));
    const log = (name: string) => fs.readFileSync(path.join(out, `${name}.log`), 'utf8');
    expect(rc('first')).toBe(0);
    const good = fs.readFileSync(path.join(out, 'first', 'checkpoint.ckpt'));

    expect(rc('checkpoint-full')).toBe(1);
    expect(log('checkpoint-full')).toContain(
      `Error: Cannot write the checkpoint ${disk}/debug/f/checkpoint.ckpt: no space left on the device (ENOSPC); the previous checkpoint is intact`,
    );
    expect(fs.readFileSync(path.join(out, 'checkpoint-full', 'checkpoint.ckpt')).equals(good)).toBe(true);
    expect(fs.readdirSync(path.join(out, 'checkpoint-full')).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    expect(rc('log-full')).toBe(1);
    expect(log('log-full')).toMatch(
      new RegExp(
        `Error: Cannot (append to|write|open) ${disk}/debug/f/.*: no space left on the device \\(ENOSPC\\)`,
      ),
    );
    expect(fs.readFileSync(path.join(out, 'log-full', 'checkpoint.ckpt')).equals(good)).toBe(true);

    expect(rc('room-again')).toBe(0);
    expect(log('room-again')).toContain('Resuming at epoch 1 / iteration 5');
    const resumed = path.join(out, 'room-again');
    expect(loadCheckpoint(path.join(resumed, 'checkpoint.ckpt')).epoch).toBe(1);
    expect(() => readEvents(resumed)).not.toThrow();
  });
});
