// End to end: the .vsix in a real editor (code-server, driven by Chromium): scaffold a plugin, train, see the run and its curve.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir } from './cli-helpers';
import { CODE_SERVER, startCodeServer, type EditorServer } from './vscode/code-server';
import { answer, openWorkbench, runCommand, waitFor, webviewText } from './vscode/workbench';

const ROOT = path.join(__dirname, '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const installed = fs.existsSync(CODE_SERVER) && fs.existsSync('/usr/bin/chromium');
const TINY_RUN = {
  enc_emb_dim: 32,
  dec_emb_dim: 32,
  n_enc_layers: 1,
  n_dec_layers: 1,
  n_enc_heads: 4,
  n_dec_heads: 4,
  batch_size: 16,
  epoch_size: 320,
  max_epoch: 1,
  report_loss_every: 5,
  eval_size: 100,
  max_output_len: 4,
  num_workers: 0,
};

if (!installed && process.env.CI !== 'true') {
  describe.skip('VS Code extension e2e (run test/vscode/setup-code-server.sh to enable)', () => {
    test('skipped', () => undefined);
  });
} else {
  describe('VS Code extension in code-server', () => {
    const temp = makeTempDir('vscode');
    const workspace = path.join(temp, 'ws');
    let server: EditorServer | undefined;
    let browser: Browser | undefined;
    let page: Page;

    beforeAll(async () => {
      if (!installed)
        throw new Error(`code-server or chromium missing: run test/vscode/setup-code-server.sh`);
      execFileSync('npm', ['run', 'package', '-w', 'vscode-extension'], { cwd: ROOT, stdio: 'pipe' });
      fs.mkdirSync(path.join(workspace, 'node_modules', '.bin'), { recursive: true });
      fs.symlinkSync(
        path.join(ROOT, 'framework', 'bin', 'run.js'),
        path.join(workspace, 'node_modules', '.bin', 'int2int'),
      );
      fs.writeFileSync(path.join(workspace, 'int2int.config.json'), JSON.stringify(TINY_RUN));
      const vsix = path.join(ROOT, 'vscode-extension', 'dist', 'int2int-vscode.vsix');
      server = await startCodeServer(path.join(temp, 'editor'), vsix, workspace);
      ({ browser, page } = await openWorkbench(server.url, workspace, path.join(temp, 'browser')));
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    }, 30_000);

    test('New Problem Plugin asks the types and parameters, writes the templates and opens the operation', async () => {
      await runCommand(page, 'Int2Int: New Problem Plugin');
      await answer(page, 'int2int-digits');
      await answer(page, 'digit_sum');
      await answer(page, 'int[3]');
      await answer(page, 'range(7)');
      await answer(page, 'maxint:int=50,signed:bool=false');
      const plugin = path.join(workspace, 'int2int-digits');
      const operationFile = path.join(plugin, 'src', 'digit_sum.operation.ts');
      await waitFor('the plugin on disk', () => (fs.existsSync(operationFile) ? true : undefined), 20_000);
      const code = fs.readFileSync(operationFile, 'utf8');
      expect(code).toContain('export class DigitSumOperation implements Operation<number[], number>');
      expect(code).toContain('this.outputTokenizer = new SymbolicInt(0, 6);');
      expect(code).toContain("signed: boolParam(false, 'the signed parameter'),");
      expect(fs.existsSync(path.join(plugin, 'src', 'digit_sum.operation.test.ts'))).toBe(true);
      expect(JSON.parse(fs.readFileSync(path.join(plugin, 'package.json'), 'utf8'))).toMatchObject({
        name: 'int2int-digits',
      });
      await page.locator('.tab', { hasText: 'digit_sum.operation.ts' }).waitFor({ timeout: 20_000 });
    }, 90_000);

    test('Train starts a real run: it shows in the runs view and its loss curve receives points', async () => {
      await runCommand(page, 'Int2Int: Train');
      await answer(page, 'gcd', 'gcd');
      await answer(page, 'Start training', 'Start training');
      const experiment = path.join(workspace, 'dumped', 'gcd');
      const runDir = await waitFor(
        'the run folder',
        () =>
          fs.existsSync(experiment)
            ? fs.readdirSync(experiment, { withFileTypes: true }).find((e) => e.isDirectory())?.name
            : undefined,
        60_000,
      );
      const events = path.join(experiment, runDir, 'events.jsonl');
      await waitFor(
        'run_end',
        () => (fs.readFileSync(events, 'utf8').includes('"run_end"') ? true : undefined),
        90_000,
      );
      const points = await waitFor(
        'loss points in the run panel',
        async () => {
          const text = await webviewText(page, '#loss-points');
          return text !== undefined && Number(text) > 0 ? Number(text) : undefined;
        },
        30_000,
      );
      expect(points).toBeGreaterThan(0);
      await runCommand(page, 'View: Show Int2Int');
      const row = page.locator('.monaco-list-row', { hasText: runDir });
      await row.first().waitFor({ timeout: 20_000 });
      await page.locator('.monaco-list-row', { hasText: 'finished' }).first().waitFor({ timeout: 20_000 });
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-extension.png') });
    }, 180_000);
  });
}
