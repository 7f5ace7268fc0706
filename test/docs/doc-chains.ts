// The docs' blocks as chains, for test/docs-commands.test.ts: a block and the blocks that continue it run in one shell,
// in order; chains run side by side, and each command's outcome is a promise that its jest test awaits.
import * as path from 'node:path';
import type { LocalRegistry } from '../registry/local-registry';
import type { DocBlock, DocCommand } from './doc-blocks';
import { DocShell, withBudget, type Answer, type CommandRun } from './doc-shell';

/** A command of a doc, as the test's lists name it: its file and its text as read by doc-blocks.ts. */
export interface Listed {
  file: string;
  command: string;
}

export const names = (listed: Listed, file: string, command: string): boolean =>
  listed.file === file && listed.command === command;

export interface Step {
  block: DocBlock;
  command: DocCommand;
  /** The command run: the printed one, with its block's budget when it is a training. */
  text: string;
  /** Why the test never runs the command (its outcome then never comes). */
  notRun?: string;
  /** Why the test skips the command here, and the rest of its chain (its outcome then never comes). */
  skipped?: string;
  seconds?: number;
  /** Undefined once the command ran as the doc says, else what went wrong. */
  outcome: Promise<Error | undefined>;
  settle: (error?: Error) => void;
}

export interface Chain {
  /** The name of the chain's folder (doc-shell.ts), from its first block. */
  name: string;
  first: DocBlock;
  steps: Step[];
}

/** What test/docs-commands.test.ts decides about each command. */
export interface ChainRules {
  /** Why the command is never run, or undefined. */
  notRun(block: DocBlock, command: DocCommand): string | undefined;
  /** Why the block is skipped here, or undefined. */
  skipped(block: DocBlock): string | undefined;
  /** Why the command cannot run here and fails (what is missing), or undefined. */
  cannotRun(block: DocBlock): string | undefined;
  /** Where the chain starts: its `work/` folder, or another one (the repository). */
  startIn(first: DocBlock): string | undefined;
  /** Whether the chain's `int2int` is this checkout's CLI (false: the chain installs its own). */
  int2intShim(chain: Chain): boolean;
  /** Writes what the doc leaves to its reader, before the command; what the reader types if the command asks. */
  before(step: Step, shell: DocShell): readonly Answer[] | void;
  /** Checks what the doc says the command does, once it exited with status 0. */
  after(step: Step, run: CommandRun, shell: DocShell): void | Promise<void>;
}

export const isTraining = (command: string): boolean => /^(npx )?int2int train( |$)/.test(command);

/** The chains of the blocks of each document, in order, with one step per command. */
export function chainsOf(documents: DocBlock[][], rules: ChainRules): Chain[] {
  const chains: Chain[] = [];
  for (const blocks of documents) {
    let chain: Chain | undefined;
    let skipped: string | undefined;
    for (const block of blocks) {
      if (!block.continues || chain === undefined) {
        chain = { name: `${block.file.replace(/\W/g, '-')}-${block.line}`, first: block, steps: [] };
        chains.push(chain);
        skipped = undefined;
      }
      skipped ??= rules.skipped(block);
      for (const command of block.commands) {
        let settle: Step['settle'] = () => undefined;
        const outcome = new Promise<Error | undefined>((resolve) => (settle = resolve));
        const budgeted = block.budget !== undefined && isTraining(command.text);
        chain.steps.push({
          block,
          command,
          text: budgeted ? withBudget(command.text, block.budget!) : command.text,
          notRun: rules.notRun(block, command),
          skipped,
          outcome,
          settle,
        });
      }
    }
  }
  return chains;
}

/** Runs a chain's commands in order, in its folder in `dir`; once one fails, the next ones fail saying which. */
export async function runChain(
  chain: Chain,
  dir: string,
  registry: LocalRegistry,
  rules: ChainRules,
): Promise<void> {
  let shell: DocShell | undefined;
  let failed: string | undefined;
  for (const step of chain.steps.filter((s) => s.notRun === undefined && s.skipped === undefined)) {
    const where = `${step.block.file}:${step.command.line} ${step.command.text}`;
    try {
      if (failed !== undefined) throw new Error(`not run: ${failed} failed before it`);
      const missing = rules.cannotRun(step.block);
      if (missing !== undefined) throw new Error(missing);
      shell ??= new DocShell(path.join(dir, chain.name), {
        registry,
        cwd: rules.startIn(chain.first),
        int2intShim: rules.int2intShim(chain),
      });
      const answers = rules.before(step, shell) ?? [];
      const run = await shell.run(step.text, answers);
      step.seconds = run.seconds;
      if (run.status !== 0) {
        const tail = (text: string) => text.slice(-4000);
        throw new Error(
          `exit status ${run.status}\n--- stdout\n${tail(run.stdout)}\n--- stderr\n${tail(run.stderr)}`,
        );
      }
      await rules.after(step, run, shell);
      step.settle();
    } catch (error) {
      failed ??= where;
      step.settle(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/** Runs the tasks in order, `lanes` of them at a time. */
export async function inLanes(tasks: Array<() => Promise<void>>, lanes: number): Promise<void> {
  const queue = [...tasks];
  const lane = async () => {
    for (let task = queue.shift(); task !== undefined; task = queue.shift()) await task();
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}
