// What the docs say their commands do, for test/docs-commands.test.ts: each check runs once its command (named by
// its file and its text as printed) exited with status 0, in the command's shell.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SHARED_DATA } from '../cli-helpers';
import { ROOT } from '../plugin-helpers';
import { gzipLines } from './curve-table';
import type { Listed } from './doc-chains';
import type { CommandRun, DocShell } from './doc-shell';

export interface Check extends Listed {
  check: (run: CommandRun, shell: DocShell) => void | Promise<void>;
}

const EVALUATED = /\d+\/\d+ \(\d+\.\d\d%\) examples were evaluated correctly\./;

const expectFiles = (shell: DocShell, folder: string, files: string[]) =>
  expect(files.filter((file) => !fs.existsSync(shell.resolve(folder, file)))).toEqual([]);

const lineCount = (file: string) => fs.readFileSync(file, 'utf8').trimEnd().split('\n').length;

/** The summary of the worked example's operation in docs/plugins.md (the scaffold's is another). */
const DIVISOR_SUMMARY = 'A nontrivial divisor of a composite integer from 4 to maxint';

export const CHECKS: Check[] = [
  {
    file: 'README.md',
    command:
      'int2int train --operation gcd --backend webgpu --enc_emb_dim 64 --dec_emb_dim 64 --n_enc_layers 1 --n_dec_layers 1 --n_enc_heads 4 --n_dec_heads 4 --epoch_size 320 --max_epoch 1 --eval_size 100 --max_output_len 8',
    check: (run) => {
      expect(run.stdout).toMatch(
        /Backend: webgpu \(Dawn on Vulkan: .+ \(.+\); @tensorflow\/tfjs-backend-webgpu 4\.22\.0\)/,
      );
      if (process.env.CI)
        expect(run.stdout).toMatch(
          /Backend: webgpu \(Dawn on Vulkan: llvmpipe.*\(mesa, a software adapter\)/,
        );
      expect(run.stdout).toMatch(EVALUATED);
    },
  },
  {
    file: 'README.md',
    command: 'npm run quickstart',
    check: (run) => {
      const runDir = /Saving checkpoint to (\S+)\/checkpoint\.ckpt/.exec(run.stdout)?.[1] ?? 'no checkpoint';
      const quickstarts = path.join(ROOT, 'dumped', 'quickstart');
      expect(path.dirname(runDir)).toBe(quickstarts);
      fs.rmSync(runDir, { recursive: true, force: true }); // the reader's run: not left in the repository
      for (const folder of [quickstarts, path.dirname(quickstarts)]) {
        if (fs.readdirSync(folder).length === 0) fs.rmdirSync(folder);
      }
      expect(path.basename(runDir)).toMatch(/^[a-z0-9]{10}$/);
      expect(run.stdout).toMatch(EVALUATED);
      expect(run.stdout).toMatch(/Backend: native \(/);
      // A fresh clone's npm ci takes the committed prebuilt addon (a developer's own build may stand in for it here).
      if (process.env.CI) expect(run.stdout).toMatch(/Backend: native \(.*prebuilt addon for linux-x64/);
    },
  },
  {
    file: 'README.md',
    command:
      'npx int2int train --operation gcd --dump_path ./experiments --exp_name my_first_experiment --exp_id 1 --cpu true --epoch_size 75000',
    check: (run, shell) => {
      expectFiles(shell, 'experiments/my_first_experiment/1', [
        'params.json',
        'train.log',
        'checkpoint.ckpt',
      ]);
      expect(run.stdout).toMatch(EVALUATED);
    },
  },
  {
    file: 'README.md',
    command:
      'npx int2int train --operation data --data_types "int[5]:range(5)" --train_data ../shared/data/elliptic/rank.train.gz --eval_data ../shared/data/elliptic/rank.test.gz --dump_path ./experiments --exp_name my_second_experiment --exp_id 1 --num_workers 0',
    check: (run, shell) => {
      expectFiles(shell, 'experiments/my_second_experiment/1', ['checkpoint.ckpt']);
      for (const rank of [0, 1, 2, 3]) expect(run.stdout).toContain(`"valid_arithmetic_acc_${rank}":`);
    },
  },
  {
    file: 'README.md',
    command:
      'npx int2int generate --operation gcd --count 1000000 --valid_size 10000 --test_size 10000 --output ./gcd-data --seed 0',
    check: (_run, shell) => {
      expectFiles(shell, 'gcd-data', ['data.train', 'data.valid', 'data.test']);
      expect(lineCount(shell.resolve('gcd-data/data.valid'))).toBe(10000);
      expect(lineCount(shell.resolve('gcd-data/data.test'))).toBe(10000);
    },
  },
  {
    file: 'README.md',
    command:
      'npx int2int generate --operation gcd --count 30000 --valid_size 1000 --test_size 1000 --output ./gcd-shards --seed 0 --shards 3',
    check: (run, shell) => {
      expectFiles(shell, 'gcd-shards', ['data.train', 'data.valid', 'data.test', 'data.shard-2-of-3.json']);
      expect(lineCount(shell.resolve('gcd-shards/data.valid'))).toBe(1000);
      expect(run.stdout).toMatch(/^Drew 30000 examples in 3 shards: /m);
    },
  },
  {
    file: 'README.md',
    command: 'npx int2int sweep:status dumped/sweep_bases',
    check: (run, shell) => {
      expectFiles(shell, 'dumped/sweep_bases', ['sweep.json', 'base=10,seed=0', 'base=30,seed=1']);
      expect(run.stdout).toMatch(
        /^base +seed +state +epochs +examples +best valid_arithmetic_acc \(epoch\)$/m,
      );
      expect(run.stdout).toMatch(/^30 +1 +finished +2 +6400 /m);
      expect(run.stdout).toContain('4 runs: 4 finished');
    },
  },
  {
    file: 'README.md',
    command: 'npx int2int runs --exp_name sweep_bases',
    check: (run) => {
      expect(run.stdout).toMatch(/ backend +base +env_base_seed$/m);
      expect(run.stdout.split('\n').filter((line) => line.startsWith('sweep_bases/'))).toHaveLength(4);
    },
  },
  {
    file: 'README.md',
    command: 'npx int2int runs --exp_name bases',
    check: (run) => {
      expect(run.stdout).toMatch(
        /^run +state +epochs +examples +best valid_arithmetic_acc \(epoch\) .* base$/m,
      );
      expect(run.stdout).toMatch(/^bases\/base10 +finished +2 +640 .* 10$/m);
      expect(run.stdout).toMatch(/^bases\/base1000 +finished +2 +640 .* 1000$/m);
    },
  },
  {
    file: 'README.md',
    command: 'npx int2int plot --exp_name bases --chart metric --by base --out docs/bases-accuracy.png',
    check: (_run, shell) => expectFiles(shell, 'docs', ['bases-accuracy.png']),
  },
  {
    file: 'README.md',
    command: 'npx int2int plot --exp_name bases --chart loss --x examples --out dumped/bases-loss.html',
    check: (_run, shell) =>
      expect(fs.readFileSync(shell.resolve('dumped/bases-loss.html'), 'utf8')).toContain(
        'training examples seen',
      ),
  },
  {
    file: 'README.md',
    command: 'npx int2int runs --exp_name moving',
    check: (run) => {
      expect(run.stdout).toMatch(/^moving\/int2int +finished +2 +640 /m);
      // the original's run as the README shows it: 3 epochs of 16,000 examples, its scores, its backend
      expect(run.stdout).toMatch(
        /^moving\/original +finished +3 +48000 +82\.11 \(2\) +82\.11 \(2\) +0:07:43 .* original /m,
      );
    },
  },
  {
    file: 'README.md',
    command: 'npx int2int plot --exp_name moving --chart metric --out docs/original-and-int2int.png',
    check: (_run, shell) => expectFiles(shell, 'docs', ['original-and-int2int.png']),
  },
  {
    file: 'README.md',
    command: 'npx int2int plot --exp_name gcd_predictions --chart confusion --out docs/gcd-confusion.png',
    check: (_run, shell) => expectFiles(shell, 'docs', ['gcd-confusion.png']),
  },
  {
    file: 'docs/plugins.md',
    command: 'int2int plugins:new int2int-divisors --operation divisor',
    check: (_run, shell) =>
      expectFiles(shell, 'int2int-divisors', [
        'package.json',
        'src/index.ts',
        'src/divisor.operation.ts',
        'src/divisor.operation.test.ts',
      ]),
  },
  {
    file: 'docs/plugins.md',
    command: 'npm run build',
    check: (_run, shell) => expectFiles(shell, 'dist', ['index.js', 'divisor.operation.js']),
  },
  {
    file: 'docs/plugins.md',
    command: 'int2int operations:show divisor',
    check: (run) => {
      expect(run.stdout).toMatch(/^divisor \(int2int-divisors\): /);
      expect(run.stdout).toMatch(/^Tokenizers: /m);
      expect(run.stdout).toMatch(/^5 examples /m);
    },
  },
  {
    file: 'docs/plugins.md',
    command: 'int2int train --operation divisor --maxint 10000 --base 10 --epoch_size 3200 --max_epoch 2',
    check: (run) => expect(run.stdout).toMatch(EVALUATED),
  },
  {
    file: 'docs/plugins.md',
    command:
      'int2int operations:new rank --input "int[5]" --output "range(5)" --param maxint:int=100 --param signed:bool=false',
    check: (_run, shell) => {
      expectFiles(shell, 'src', ['rank.operation.ts', 'rank.operation.test.ts']);
      expect(fs.readFileSync(shell.resolve('src/index.ts'), 'utf8')).toContain("from './rank.operation';");
    },
  },
  {
    file: 'docs/plugins.md',
    command: 'npm pack --dry-run',
    check: (run) => {
      const files = [...run.stderr.matchAll(/^npm notice [\d.]+[kMG]?B (\S+)$/gm)].map((match) => match[1]);
      expect(files).toEqual(
        expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js']),
      );
      const others = files.filter(
        (file) => !/^(LICENSE|README\.md|package\.json|dist\/.*(\.js|\.d\.ts|\.js\.map))$/.test(file),
      );
      expect(others).toEqual([]);
    },
  },
  {
    file: 'docs/plugins.md',
    command: 'npm publish',
    check: (run, shell) => {
      expect(run.stdout).toContain('+ int2int-divisors@0.1.0');
      // what was built and published is the worked example's code, not the scaffold's
      expect(fs.readFileSync(shell.resolve('dist/divisor.operation.js'), 'utf8')).toContain(DIVISOR_SUMMARY);
    },
  },
  {
    file: 'docs/plugins.md',
    command: 'npm adduser',
    check: (run) => expect(run.stdout).toMatch(/Logged in on http:\/\/127\.0\.0\.1:\d+\//),
  },
  {
    file: 'docs/plugins.md',
    command: 'int2int plugins:install int2int-divisors',
    check: (run, shell) => {
      expect(run.stderr).toMatch(/Installing plugin int2int-divisors\S*\.\.\. installed v0\.1\.0/);
      const installed = path.join(shell.env.INT2INT_DATA_DIR!, 'node_modules', 'int2int-divisors');
      expect(fs.readFileSync(path.join(installed, 'dist', 'divisor.operation.js'), 'utf8')).toContain(
        DIVISOR_SUMMARY,
      );
    },
  },
  {
    file: 'docs/plugins.md',
    command: 'npm pack',
    check: (_run, shell) => expectFiles(shell, '.', ['int2int-divisors-0.1.0.tgz']),
  },
  {
    file: 'docs/plugins.md',
    command: 'int2int plugins:install ./int2int-divisors-0.1.0.tgz',
    check: (run) => {
      expect(run.stderr).toMatch(
        /Installing plugin file:\S*int2int-divisors-0\.1\.0\.tgz\.\.\. installed v0\.1\.0/,
      );
      expect(run.stderr).not.toMatch(/prepare script/);
    },
  },
  {
    file: 'docs/plugins.md',
    command: 'int2int plugins',
    check: (run) => expect(run.stdout).toMatch(/^int2int-divisors 0\.1\.0 \(link\) /m),
  },
  {
    file: 'docs/plugins.md',
    command: 'int2int plugins:uninstall int2int-divisors',
    check: async (_run, shell) =>
      expect((await shell.run('int2int plugins')).stdout).toMatch(/No plugins installed/),
  },
  {
    file: 'framework/README.md',
    command: 'npm install --global int2int',
    check: (_run, shell) =>
      expect(fs.realpathSync(path.join(shell.root, 'prefix', 'bin', 'int2int'))).toBe(
        fs.realpathSync(path.join(shell.root, 'prefix', 'lib', 'node_modules', 'int2int', 'bin', 'run.js')),
      ),
  },
  {
    file: 'framework/README.md',
    command: 'int2int operations:list',
    check: (run) => expect(run.stdout).toMatch(/^gcd +int2int-arithmetic +Greatest common divisor/m),
  },
  {
    file: 'framework/README.md',
    command:
      'int2int train --operation gcd --epoch_size 3200 --max_epoch 2 --enc_emb_dim 128 --dec_emb_dim 128 --exp_id first',
    check: (_run, shell) => expectFiles(shell, 'dumped/debug/first', ['params.json', 'checkpoint.ckpt']),
  },
  {
    file: 'framework/README.md',
    command: 'int2int evaluate --eval_from_exp ./dumped/debug/first',
    check: (run) => expect(run.stdout).toMatch(EVALUATED),
  },
  {
    file: 'framework/README.md',
    command: 'int2int generate --operation gcd --count 100000 --output ./gcd-data',
    check: (_run, shell) => expectFiles(shell, 'gcd-data', ['data.train', 'data.valid', 'data.test']),
  },
  {
    file: 'framework/README.md',
    command: 'int2int plugins:install int2int-elliptic',
    check: (run) => expect(run.stderr).toMatch(/installed v0\.1\.0/),
  },
  {
    file: 'framework/README.md',
    command: 'int2int plugins',
    check: (run) => expect(run.stdout).toMatch(/^int2int-elliptic 0\.1\.0$/m),
  },
  {
    file: 'framework/README.md',
    command: 'int2int plugins:new int2int-myproblem',
    check: (_run, shell) => expectFiles(shell, 'int2int-myproblem', ['package.json', 'src/index.ts']),
  },
  {
    file: 'plugins/arithmetic/README.md',
    command: 'int2int operations:show gcd',
    check: (run) =>
      expect([...run.stdout.matchAll(/^ {2}(--\w+) /gm)].map((match) => match[1])).toEqual([
        '--maxint',
        '--minint',
        '--base',
        '--max_class',
        '--class_by_length',
      ]),
  },
  {
    file: 'plugins/arithmetic/README.md',
    command: 'int2int train --operation gcd --maxint 1000000 --base 1000',
    check: (run) => expect(run.stdout).toMatch(EVALUATED),
  },
  {
    file: 'plugins/elliptic/README.md',
    command: 'npm install int2int-elliptic',
    check: (_run, shell) =>
      expectFiles(shell, 'node_modules/int2int-elliptic', ['package.json', 'dist/index.js']),
  },
  {
    file: 'plugins/elliptic/README.md',
    command: `echo '{ "plugins": ["int2int-elliptic"] }' > int2int.config.json`,
    check: async (_run, shell) => {
      const listed = JSON.parse((await shell.run('int2int operations:list --json')).stdout) as Array<{
        name: string;
        plugin: string;
      }>;
      expect(
        listed.filter((operation) => operation.plugin === 'int2int-elliptic').map((o) => o.name),
      ).toEqual(['elliptic_ap', 'elliptic_euler', 'elliptic_rank', 'elliptic_torsion']);
    },
  },
  {
    file: 'plugins/elliptic/README.md',
    command:
      'int2int train --operation elliptic_rank --train_data ../shared/data/elliptic/rank.train.gz --eval_data ../shared/data/elliptic/rank.test.gz',
    check: (run) => expect(run.stdout).toMatch(EVALUATED),
  },
  {
    file: 'plugins/elliptic/README.md',
    command: 'int2int plugins:install int2int-elliptic',
    check: (run) => expect(run.stderr).toMatch(/installed v0\.1\.0/),
  },
  {
    file: 'plugins/elliptic/README.md',
    command:
      'int2int elliptic:prepare curves.txt --output ./elliptic-data --valid_size 10000 --test_size 10000 --seed 0',
    check: (_run, shell) => {
      expectFiles(shell, 'elliptic-data', ['rank.test', 'torsion.test', 'ap25.test', 'test.labels']);
      const written = fs.readFileSync(shell.resolve('elliptic-data/rank.test'), 'utf8').trimEnd().split('\n');
      expect(written.sort()).toEqual(gzipLines(path.join(SHARED_DATA, 'rank.test.gz')).sort());
    },
  },
];
