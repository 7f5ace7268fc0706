// End-to-end: every command of every ```bash block of the docs runs as printed, in order, each block in a fresh
// folder unless it continues the block before (docs/doc-shell.ts, docs/doc-chains.ts): this checkout's CLI as
// `int2int` and `npx int2int`, int2int's packages published to a local verdaccio for the npm and plugins:install
// commands, ../shared/data beside the folder. A training's budget is shortened only where its doc says so
// (`<!-- docs-test: budget FLAGS -->` above the block, and a sentence beside it stating FLAGS). The commands not run
// are in NOT_RUN with their reasons, what a doc leaves to its reader (a file of theirs) is in GIVEN, and what a doc
// says a command does is checked by docs/doc-checks.ts. templates/plugin/README.md is not read (NOT_READ).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, SHARED_DATA, sharedDataMissing } from './cli-helpers';
import { writeCurveTable } from './docs/curve-table';
import { readDocBlocks, readDocFiles, type DocBlock } from './docs/doc-blocks';
import {
  chainsOf,
  inLanes,
  isTraining,
  names,
  runChain,
  type ChainRules,
  type Listed,
} from './docs/doc-chains';
import { CHECKS } from './docs/doc-checks';
import type { Answer, DocShell } from './docs/doc-shell';
import { ROOT } from './plugin-helpers';
import {
  INT2INT_PACKAGES,
  publishPackages,
  startRegistry,
  type LocalRegistry,
} from './registry/local-registry';

const DOCUMENTS = [
  'README.md',
  'docs/plugins.md',
  'framework/README.md',
  'plugins/arithmetic/README.md',
  'plugins/elliptic/README.md',
];
const NOT_READ: Record<string, string> = {
  'templates/plugin/README.md':
    'a template: plugins:new fills in its {{name}} and {{operation}} placeholders',
};
/** The packages the docs install from a registry, in the order they are published (dependencies first). */
const PUBLISHED = INT2INT_PACKAGES;
const CI_SCRIPT = path.join(ROOT, '.ci', 'run');
/** Chains of blocks run at the same time: many commands wait on npm, or use one core. */
const LANES = 2;
const COMMAND_TEST_TIMEOUT_MS = 900_000;

interface NotRun extends Listed {
  reason: string;
  /** Checks that the reason still holds. */
  verify: () => void;
}

const ciScriptRuns = (command: string) => () =>
  expect(fs.readFileSync(CI_SCRIPT, 'utf8').split('\n')).toContainEqual(
    expect.stringMatching(`^${command}\\b`),
  );

const NOT_RUN: NotRun[] = [
  {
    file: 'README.md',
    command: 'npm ci',
    reason:
      'CI runs it (.ci/run) before the test suite; here it would reinstall the node_modules this test runs from',
    verify: ciScriptRuns('npm ci'),
  },
  {
    file: 'README.md',
    command:
      'int2int sweep --operation gcd --exp_name sweep_bases --grid base=2,3,10,30,1000 --seeds 0-4 --executor slurm --max_running 10 --cpus_per_task 4 --mem 8G --time 12:00:00 --partition cpu',
    reason:
      'it needs a Slurm cluster with a partition "cpu" and trains 25 full-size models: test/sweep-slurm.test.ts submits ' +
      'the same kind of sweep (--executor slurm --max_running 2) to a real single-node Slurm and follows it to the end',
    verify: () =>
      expect(fs.readFileSync(path.join(ROOT, 'test', 'sweep-slurm.test.ts'), 'utf8')).toMatch(
        /'--executor',\s+'slurm',\s+'--max_running',\s+'2'/,
      ),
  },
  {
    file: 'README.md',
    command: 'npm test',
    reason: 'the test suite this test is part of (.ci/run runs it)',
    verify: ciScriptRuns('npm test'),
  },
];

interface Given extends Listed {
  /** What the doc leaves to its reader, and where the test takes it from. */
  what: string;
  /** Only where the command's block also prints this command (a command printed in several blocks). */
  inBlockWith?: string;
  needsSharedData: boolean;
  /** Writes the reader's files; returns what the reader types if the command asks. */
  prepare: (shell: DocShell) => readonly Answer[] | void;
}

/** The original Int2Int's run that the README's "Reading results" shows beside an int2int run. */
const ORIGINAL_README_RUN = path.join(ROOT, 'test', 'fixtures', 'original-readme-run', 'train.log');
const PLUGIN_DOC = fs.readFileSync(path.join(ROOT, 'docs', 'plugins.md'), 'utf8');

const GIVEN: Given[] = [
  {
    file: 'plugins/elliptic/README.md',
    command:
      'int2int elliptic:prepare curves.txt --output ./elliptic-data --valid_size 10000 --test_size 10000 --seed 0',
    what: "curves.txt, the reader's table of curves: here the 10,000 test curves of ../shared/data/elliptic",
    needsSharedData: true,
    prepare: (shell) => writeCurveTable(shell.resolve('curves.txt'), SHARED_DATA),
  },
  {
    file: 'docs/plugins.md',
    command: 'npm test',
    inBlockWith: 'npm publish',
    what: 'the files of the worked example, as printed (src/index.ts, src/divisor.operation.ts and its test)',
    needsSharedData: false,
    prepare: (shell) => {
      for (const file of readDocFiles(PLUGIN_DOC)) fs.writeFileSync(shell.resolve(file.path), file.text);
    },
  },
  {
    file: 'README.md',
    command: 'npx int2int runs --exp_name moving',
    what: "the reader's run of the original Int2Int: the train.log it wrote for the README (test/fixtures)",
    needsSharedData: false,
    prepare: (shell) => {
      fs.mkdirSync(shell.resolve('dumped/moving/original'), { recursive: true });
      fs.copyFileSync(ORIGINAL_README_RUN, shell.resolve('dumped/moving/original/train.log'));
    },
  },
  {
    file: 'docs/plugins.md',
    command: 'npm adduser',
    what: "the reader's answers: a user name, a password and an e-mail, typed at npm's prompts",
    needsSharedData: false,
    prepare: () => [
      { prompt: /Username:/, text: 'doc-reader' },
      { prompt: /Password:/, text: 'a-password-for-the-docs' },
      { prompt: /Email/, text: 'doc-reader@example.com' },
    ],
  },
];

const blocksOf = new Map(
  DOCUMENTS.map((file) => [file, readDocBlocks(fs.readFileSync(path.join(ROOT, file), 'utf8'), file)]),
);
const INSTALLS_INT2INT = /^npm (install|i) (--global|-g) int2int$/;
const SHARED_DATA_MISSING = sharedDataMissing();

const givenFor = (block: DocBlock, command: string) =>
  GIVEN.find(
    (given) =>
      names(given, block.file, command) &&
      (given.inBlockWith === undefined || block.commands.some((other) => other.text === given.inBlockWith)),
  );
const needsSharedData = (block: DocBlock) =>
  block.commands.some(
    (command) =>
      command.text.includes('../shared/data/') || givenFor(block, command.text)?.needsSharedData === true,
  );

const RULES: ChainRules = {
  notRun: (block, command) => NOT_RUN.find((listed) => names(listed, block.file, command.text))?.reason,
  // in CI the data must be there when the shared folder is: the block then fails (cannotRun), saying what is missing
  skipped: (block) =>
    needsSharedData(block) && SHARED_DATA_MISSING?.fail === false ? SHARED_DATA_MISSING.reason : undefined,
  cannotRun: (block) => (needsSharedData(block) ? SHARED_DATA_MISSING?.reason : undefined),
  startIn: (first) => (first.inRepository ? ROOT : undefined),
  int2intShim: (chain) => !chain.steps.some((step) => INSTALLS_INT2INT.test(step.command.text)),
  before: (step, shell) => givenFor(step.block, step.command.text)?.prepare(shell),
  after: (step, run, shell) =>
    CHECKS.find((listed) => names(listed, step.block.file, step.command.text))?.check(run, shell),
};

describe('the docs and this test agree', () => {
  const notRead = Object.entries(NOT_READ).map(([file, why]) => `${file}, ${why}`);
  it(`reads every markdown file with a bash block but ${notRead.join('; ')}`, () => {
    const markdown = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const withBash = markdown
      .split('\n')
      .filter((file) => file !== '' && fs.existsSync(path.join(ROOT, file)))
      .filter((file) => /^```bash$/m.test(fs.readFileSync(path.join(ROOT, file), 'utf8')));
    expect(withBash.filter((file) => !DOCUMENTS.includes(file) && !(file in NOT_READ))).toEqual([]);
  });

  it('lists only commands the docs print: every exception, given input and check names one', () => {
    const printed = (listed: Listed) =>
      blocksOf.get(listed.file)?.some((block) => block.commands.some((c) => c.text === listed.command));
    const stale = [...NOT_RUN, ...GIVEN, ...CHECKS].filter((listed) => !printed(listed));
    expect(stale.map((listed) => `${listed.file}: ${listed.command}`)).toEqual([]);
  });

  it('states each budget beside its block, and gives it to the trainings of the block', () => {
    for (const block of [...blocksOf.values()].flat().filter((b) => b.budget !== undefined)) {
      const where = `${block.file}:${block.line}`;
      const stated = block.paragraphs.some(
        (p) => /test suite runs/.test(p) && p.includes(`\`${block.budget}\``),
      );
      expect(`${where} states its budget: ${stated}`).toBe(`${where} states its budget: true`);
      const trains = block.commands.some((command) => isTraining(command.text));
      expect(`${where} has a training: ${trains}`).toBe(`${where} has a training: true`);
    }
  });

  it('continues a block only after another block of its file', () => {
    const orphans = [...blocksOf.values()].filter((blocks) => blocks[0]?.continues).map((b) => b[0].file);
    expect(orphans).toEqual([]);
  });
});

describe('the commands of the docs, as printed', () => {
  const chains = chainsOf([...blocksOf.values()], RULES);
  let dir: string | undefined;
  let registry: LocalRegistry | undefined;
  let finished: Promise<void> | undefined;

  beforeAll(async () => {
    const folder = makeTempDir('docs');
    dir = folder;
    const started = await startRegistry(folder);
    registry = started;
    publishPackages(started, PUBLISHED, folder);
    finished = inLanes(
      chains.map((chain) => () => runChain(chain, folder, started, RULES)),
      LANES,
    );
  }, 300_000);

  afterAll(async () => {
    await finished;
    await registry?.stop();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
    const steps = chains.flatMap((chain) => chain.steps).filter((step) => step.seconds !== undefined);
    const lines = steps.map(
      (s) => `${s.seconds!.toFixed(1).padStart(6)}  ${s.block.file}:${s.command.line} ${s.text}`,
    );
    console.log(
      `Seconds per command of the docs (${LANES} chains of blocks at a time):\n${lines.join('\n')}`,
    );
  });

  for (const block of [...blocksOf.values()].flat()) {
    describe(`${block.file}:${block.line}`, () => {
      for (const step of chains.flatMap((chain) => chain.steps).filter((s) => s.block === block)) {
        const given = givenFor(block, step.command.text);
        const title = `${step.command.line}: ${step.text}${given ? ` (given ${given.what})` : ''}`;
        const notRun = NOT_RUN.find((listed) => names(listed, block.file, step.command.text));
        if (notRun) {
          it(`${title} (not run: ${notRun.reason})`, notRun.verify);
        } else if (step.skipped) {
          console.warn(`Skipping ${block.file}:${step.command.line} ${step.text}\n  ${step.skipped}`);
          it.skip(`${title} (skipped: ${step.skipped})`, () => undefined);
        } else {
          it(
            title,
            async () => {
              const error = await step.outcome;
              if (error) throw error;
            },
            COMMAND_TEST_TIMEOUT_MS,
          );
        }
      }
    });
  }
});
