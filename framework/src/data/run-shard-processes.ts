// Runs shards as child processes, at most `parallel` at a time, each with INT2INT_THREADS=1, forwarding their output lines.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { shardLabel } from './shard-files';

export interface ShardProcessOptions {
  /** The program and its first arguments, e.g. [process.execPath, <the CLI's bin/run.js>]. */
  command: readonly string[];
  /** The rest of shard i's command line, e.g. shardCommandLine(argv, i). */
  argsOf: (shard: number) => readonly string[];
  /** The shards to run, started in this order. */
  shards: readonly number[];
  /** Of all the shards (for messages). */
  total: number;
  parallel: number;
  /** Each line a shard prints on stdout. */
  onLine: (line: string) => void;
}

/**
 * Runs every shard, `parallel` at a time; after a failure no shard is started, the running ones finish (their files
 * are kept), and the error names the failed shards with the last line each printed on stderr.
 */
export async function runShardProcesses(options: ShardProcessOptions): Promise<void> {
  const queue = [...options.shards];
  const failures: string[] = [];
  const worker = async (): Promise<void> => {
    for (let shard = queue.shift(); shard !== undefined && failures.length === 0; shard = queue.shift()) {
      const failure = await runShard(options, shard);
      if (failure !== undefined) failures.push(`${shardLabel(shard, options.total)} ${failure}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, queue.length) }, worker));
  if (failures.length > 0)
    throw new Error(
      `${failures.join('; ')}. Run the same command again to draw the missing shards and merge`,
    );
}

/** Runs one shard; resolves to why it failed, or undefined. */
function runShard(options: ShardProcessOptions, shard: number): Promise<string | undefined> {
  const [program, ...first] = options.command;
  const child = spawn(program, [...first, ...options.argsOf(shard)], {
    env: { ...process.env, INT2INT_THREADS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  createInterface({ input: child.stdout }).on('line', options.onLine);
  let lastError = '';
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line.trim() !== '') lastError = line.trim();
  });
  return new Promise((resolve) => {
    child.on('error', (error) => resolve(`could not start: ${error.message}`));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(undefined);
      else
        resolve(
          `failed (${signal ? `killed by ${signal}` : `exit code ${code}`})${lastError && `: ${lastError}`}`,
        );
    });
  });
}
