// Tests for runShardProcesses: at most `parallel` children at a time, INT2INT_THREADS=1, output forwarded, failures named.
import { runShardProcesses, type ShardProcessOptions } from './run-shard-processes';

/** A child that prints its shard and INT2INT_THREADS, then start/end times around a short wait; `fail`: exits 3 at once. */
const CHILD = `
const [shard, fail] = process.argv.slice(1);
console.log('shard ' + shard + ' threads ' + process.env.INT2INT_THREADS);
if (fail === 'fail') {
  console.error('Error: shard ' + shard + ' broke');
  process.exit(3);
}
console.log('start ' + Date.now());
setTimeout(() => console.log('end ' + Date.now()), 300);
`;

describe('runShardProcesses', () => {
  const run = (overrides: Partial<ShardProcessOptions>) => {
    const lines: string[] = [];
    const done = runShardProcesses({
      command: [process.execPath, '-e', CHILD],
      argsOf: (shard) => [String(shard)],
      shards: [0, 1, 2, 3],
      total: 4,
      parallel: 2,
      onLine: (line) => lines.push(line),
      ...overrides,
    });
    return { lines, done };
  };

  it('runs every shard with INT2INT_THREADS=1, never more than `parallel` at a time', async () => {
    const { lines, done } = run({});
    await done;
    expect(lines.filter((line) => line.startsWith('shard')).sort()).toEqual(
      [0, 1, 2, 3].map((shard) => `shard ${shard} threads 1`),
    );
    const events = lines
      .filter((line) => /^(start|end) /.test(line))
      .map((line) => ({ at: Number(line.split(' ')[1]), step: line.startsWith('start') ? 1 : -1 }))
      .sort((a, b) => a.at - b.at || a.step - b.step);
    let running = 0;
    const most = Math.max(...events.map(({ step }) => (running += step)));
    expect(events).toHaveLength(8);
    expect(most).toBeLessThanOrEqual(2);
  });

  it('starts no shard after a failure, lets the running ones finish, and names the failed one', async () => {
    const { lines, done } = run({
      argsOf: (shard) => [String(shard), shard === 0 ? 'fail' : 'ok'],
      parallel: 2,
    });
    await expect(done).rejects.toThrow(
      'shard 0 of 4 failed (exit code 3): Error: shard 0 broke. Run the same command again to draw the missing shards and merge',
    );
    expect(lines.filter((line) => line.startsWith('shard')).sort()).toEqual([
      'shard 0 threads 1',
      'shard 1 threads 1',
    ]);
  });

  it('reports a program that cannot start', async () => {
    const { done } = run({ command: ['/nonexistent/int2int'], shards: [2] });
    await expect(done).rejects.toThrow(/^shard 2 of 4 could not start: spawn \/nonexistent\/int2int ENOENT/);
  });
});
