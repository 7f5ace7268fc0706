// End to end: the .vsix in a real editor (code-server, driven by Chromium), used as a user does: scaffold, install and
// link a plugin and train it; train with a parameter set in the Train form; stop and resume from the Runs view;
// compare two runs; a refused run shown with its message; an evaluation and its result. Each step is checked on
// screen (the workbench's DOM, the run panel's DOM) and photographed into test-artifacts/.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir, readEvents } from './cli-helpers';
import {
  INT2INT_PACKAGES,
  publishPackages,
  startRegistry,
  type LocalRegistry,
} from './registry/local-registry';
import { CODE_SERVER, startCodeServer, type EditorServer } from './vscode/code-server';
import {
  answer,
  clickNotificationButton,
  notificationText,
  openWorkbench,
  quickInputMessage,
  runCommand,
  runRow,
  runRowAction,
  showRunsView,
  toggleRunCheckbox,
  waitFor,
  waitForQuickInputTitle,
  webviewText,
  webviewTexts,
} from './vscode/workbench';

const ROOT = path.join(__dirname, '..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const installed = fs.existsSync(CODE_SERVER) && fs.existsSync('/usr/bin/chromium');
/** The workspace's int2int.config.json: a tiny model and short epochs, so that each run takes seconds. */
const TINY_RUN = {
  enc_emb_dim: 32,
  dec_emb_dim: 32,
  n_enc_layers: 1,
  n_dec_layers: 1,
  n_enc_heads: 4,
  n_dec_heads: 4,
  batch_size: 16,
  epoch_size: 320,
  max_epoch: 2,
  eval_size: 100,
  max_output_len: 4,
  num_workers: 0,
};

if (!installed && process.env.CI !== 'true') {
  describe.skip('VS Code extension e2e (run test/vscode/setup-code-server.sh to enable)', () => {
    test('skipped', () => undefined);
  });
} else {
  describe('VS Code extension in code-server, as a user drives it', () => {
    const temp = makeTempDir('vscode');
    const workspace = path.join(temp, 'ws');
    const experiments = (name: string) => path.join(workspace, 'dumped', name);
    let registry: LocalRegistry | undefined;
    let server: EditorServer | undefined;
    let browser: Browser | undefined;
    let page: Page;
    const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `vscode-${name}.png`) });
    /** The runs of an experiment, oldest first. */
    const runsOf = (name: string) =>
      fs.existsSync(experiments(name))
        ? fs
            .readdirSync(experiments(name), { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => entry.name)
            .sort()
        : [];
    /** Starts training `operation` from the palette, setting `values` in the form (typed as a user types). */
    const startFromForm = async (operation: string, values: Record<string, string>) => {
      await runCommand(page, 'Int2Int: Train');
      await answer(page, operation, operation);
      for (const [name, value] of Object.entries(values)) {
        await answer(page, name, name);
        await waitForQuickInputTitle(page, name);
        await answer(page, value);
      }
      await answer(page, 'Start training', 'Start training');
      await showRunsView(page);
    };
    /**
     * Stop Run on the run's row, until the run says it received Ctrl-C. A click the row swallows while it is
     * redrawn (every report) is clicked again, as a user would, and counted; a Stop that never reaches the run fails
     * with what the screen showed.
     */
    const stopFromRunsView = async (runId: string, runDir: string) => {
      const received = () => {
        const log = path.join(runDir, 'train.log');
        return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('Received SIGINT').length - 1 : 0;
      };
      const before = received();
      for (let click = 1; click <= 3; click++) {
        await runRowAction(page, runId, 'Stop Run');
        const deadline = Date.now() + 15_000;
        while (Date.now() < deadline && received() === before) await page.waitForTimeout(250);
        if (received() > before) {
          if (click > 1) console.warn(`Stop Run reached the run at click ${click}`);
          return;
        }
      }
      const log = fs.readFileSync(path.join(runDir, 'train.log'), 'utf8').slice(-2000);
      throw new Error(
        `Stop Run never reached ${runId}: notifications ${JSON.stringify(await notificationText(page))}; ` +
          `row "${await runRow(page, runId).textContent()}"; train.log ends:\n${log}`,
      );
    };
    /** As startFromForm, then waits for the run's folder; its exp_id. */
    const trainFromForm = async (operation: string, values: Record<string, string>) => {
      const before = runsOf(operation).length;
      await startFromForm(operation, values);
      return waitFor('the new run folder', () => runsOf(operation)[before], 60_000);
    };

    beforeAll(async () => {
      if (!installed)
        throw new Error('code-server or chromium missing: run test/vscode/setup-code-server.sh');
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      registry = await startRegistry(path.join(temp, 'registry'));
      publishPackages(registry, INT2INT_PACKAGES, path.join(temp, 'registry'));
      execFileSync('npm', ['run', 'package', '-w', 'vscode-extension'], { cwd: ROOT, stdio: 'pipe' });
      fs.mkdirSync(path.join(workspace, 'node_modules', '.bin'), { recursive: true });
      fs.symlinkSync(
        path.join(ROOT, 'framework', 'bin', 'run.js'),
        path.join(workspace, 'node_modules', '.bin', 'int2int'),
      );
      fs.writeFileSync(path.join(workspace, 'int2int.config.json'), JSON.stringify(TINY_RUN));
      const vsix = path.join(ROOT, 'vscode-extension', 'dist', 'int2int-vscode.vsix');
      server = await startCodeServer(path.join(temp, 'editor'), vsix, workspace, {
        npm_config_registry: registry.url,
        npm_config_userconfig: registry.npmrc,
        INT2INT_DATA_DIR: path.join(temp, 'oclif', 'data'),
        INT2INT_CACHE_DIR: path.join(temp, 'oclif', 'cache'),
        INT2INT_CONFIG_DIR: path.join(temp, 'oclif', 'config'),
      });
      ({ browser, page } = await openWorkbench(server.url, workspace, path.join(temp, 'browser')));
    }, 240_000);

    afterEach(async () => {
      // what the screen showed when the test ended (a failure's moment)
      const name = (expect.getState().currentTestName ?? 'test').replace(/\W+/g, '-').slice(-60);
      await page?.screenshot({ path: path.join(ARTIFACTS, `vscode-end-${name}.png`) });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await registry?.stop();
      fs.rmSync(temp, { recursive: true, force: true });
    }, 30_000);

    test('New Problem Plugin writes the plugin, installs and links it, and Train then trains its operation', async () => {
      await runCommand(page, 'Int2Int: New Problem Plugin');
      const steps = ['int2int-digits', 'digit_sum', 'int[3]', 'range(7)', 'maxint:int=50,signed:bool=false'];
      for (const [i, text] of steps.entries()) {
        // each step replaces the last in the same box: answer a step once it is on screen, not the one before
        await waitForQuickInputTitle(page, `(${i + 1}/${steps.length})`);
        await answer(page, text);
      }
      const operationFile = path.join(workspace, 'int2int-digits', 'src', 'digit_sum.operation.ts');
      await page.locator('.tab', { hasText: 'digit_sum.operation.ts' }).waitFor({ timeout: 30_000 });
      expect(fs.readFileSync(operationFile, 'utf8')).toContain('export class DigitSumOperation');
      await clickNotificationButton(page, 'Install its dependencies', 'Install and Link');
      await waitFor(
        'the plugin linked',
        async () =>
          (await notificationText(page)).some((t) => t.includes('int2int-digits is installed and linked'))
            ? true
            : undefined,
        300_000,
      );
      await shot('1-plugin-linked');
      await trainFromForm('digit_sum', {});
      await runRow(page, 'digit_sum').waitFor({ timeout: 30_000 });
      await waitFor(
        'the digit_sum run finished',
        async () => ((await runRow(page, 'finished').count()) ? true : undefined),
        120_000,
      );
    }, 420_000);

    test('Train offers every parameter, checks a value as it is typed, and runs with the one set', async () => {
      await runCommand(page, 'Int2Int: Train');
      await answer(page, 'gcd', 'gcd');
      await answer(page, 'enc_emb_dim', 'enc_emb_dim');
      await waitForQuickInputTitle(page, 'enc_emb_dim');
      await page.locator('.quick-input-widget .quick-input-box input').fill('a million');
      await waitFor(
        'the inline error',
        async () => ((await quickInputMessage(page)).includes('must be an integer') ? true : undefined),
        10_000,
      );
      expect(await quickInputMessage(page)).toBe('--enc_emb_dim must be an integer, got "a million"');
      await shot('2-inline-validation');
      await answer(page, '48');
      await answer(page, 'Start training', 'Start training');
      const runId = await waitFor('the run folder', () => runsOf('gcd')[0], 60_000);
      const runDir = path.join(experiments('gcd'), runId);
      await waitFor(
        'its params.json',
        () => (fs.existsSync(path.join(runDir, 'params.json')) ? true : undefined),
        60_000,
      );
      const saved = JSON.parse(fs.readFileSync(path.join(runDir, 'params.json'), 'utf8')) as {
        params: Record<string, unknown>;
      };
      expect(saved.params.enc_emb_dim).toBe(48);
      await waitFor(
        'the changed parameter in the panel',
        async () =>
          (await webviewText(page, '#params-changed'))?.includes('enc_emb_dim') ? true : undefined,
        60_000,
      );
      expect(await webviewText(page, '#params-changed')).toMatch(/enc_emb_dim\s*48/);
      await waitFor(
        'loss points',
        async () => (Number(await webviewText(page, '#loss-points')) > 0 ? true : undefined),
        90_000,
      );
      await waitFor(
        'the run finished',
        async () => ((await runRow(page, runId).textContent())?.includes('finished') ? true : undefined),
        120_000,
      );
      await shot('2-trained-with-a-parameter');
    }, 300_000);

    test('Stop in the Runs view stops a run ("stopped"), Resume continues it from its checkpoint', async () => {
      const runId = await trainFromForm('gcd', { epoch_size: '16000', max_epoch: '1000' });
      const runDir = path.join(experiments('gcd'), runId);
      const row = runRow(page, runId);
      await waitFor(
        'the run running',
        async () => ((await row.textContent())?.includes('running · epoch') ? true : undefined),
        90_000,
      );
      await stopFromRunsView(runId, runDir);
      await waitFor(
        '"stopped" in the Runs view',
        async () => ((await row.textContent())?.includes('stopped') ? true : undefined),
        60_000,
      );
      expect(readEvents(runDir).at(-1)).toMatchObject({
        type: 'run_end',
        status: 'stopped',
        signal: 'SIGINT',
      });
      await shot('3-stopped');
      await runRowAction(page, runId, 'Resume Run');
      await waitFor(
        'the run running again',
        async () => ((await row.textContent())?.includes('running') ? true : undefined),
        60_000,
      );
      const resumed = await waitFor(
        'the resumed run_start',
        () => readEvents(runDir).find((e) => e.type === 'run_start' && e.resumedFrom),
        60_000,
      );
      expect(resumed.resumedFrom).toMatchObject({
        progress: { phase: expect.stringMatching(/^(training|evaluating)$/) as unknown },
      });
      await waitFor(
        'the resume marker in the panel',
        async () => ((await webviewTexts(page, '[data-resume]')).length > 0 ? true : undefined),
        60_000,
      );
      await shot('3-resumed');
      await stopFromRunsView(runId, runDir);
      await waitFor(
        'stopped again',
        async () => ((await row.textContent())?.includes('stopped') ? true : undefined),
        60_000,
      );
    }, 300_000);

    test('ticking two runs compares them in the run panel, each named in the legend', async () => {
      const [first, second] = runsOf('gcd');
      await toggleRunCheckbox(page, first);
      await toggleRunCheckbox(page, second);
      await waitFor(
        'two runs in the legend',
        async () => ((await webviewTexts(page, '[data-legend]')).length >= 2 ? true : undefined),
        30_000,
      );
      const legend = await webviewTexts(page, '[data-legend]');
      expect(legend.some((name) => name.includes(first))).toBe(true);
      expect(legend.some((name) => name.includes(second))).toBe(true);
      await shot('4-compared');
    }, 120_000);

    test('a run the CLI refuses is shown failed, with its message, in a toast and in the Runs view', async () => {
      const before = runsOf('gcd');
      await startFromForm('gcd', { n_enc_heads: '3' });
      const message = '--enc_emb_dim (32) must be a multiple of --n_enc_heads (3)';
      await waitFor(
        'the error toast',
        async () => ((await notificationText(page)).some((t) => t.includes(message)) ? true : undefined),
        60_000,
      );
      await waitFor(
        'the failed launch in the Runs view',
        async () =>
          (await runRow(page, 'failed to start').textContent())?.includes(message) ? true : undefined,
        30_000,
      );
      expect(runsOf('gcd')).toEqual(before); // nothing was written
      await shot('5-refused');
    }, 120_000);

    test("Evaluate (from a run's context menu) shows its result: a toast, an entry under the run, its panel", async () => {
      const runId = runsOf('gcd')[0];
      await showRunsView(page);
      await runRow(page, runId).click({ button: 'right' });
      const item = page.locator('.monaco-menu .action-label', { hasText: 'Evaluate' }).first();
      await item.hover(); // the menu runs the item under the mouse when Enter is pressed
      await page.keyboard.press('Enter');
      await answer(page, 'Start evaluation', 'Start evaluation');
      await waitFor(
        'the evaluation result',
        async () =>
          (await notificationText(page)).some((t) => /evaluation \S+: [\d.]+% correct/.test(t))
            ? true
            : undefined,
        120_000,
      );
      await clickNotificationButton(page, '% correct', 'Open');
      await runRow(page, 'evaluation').waitFor({ timeout: 30_000 });
      await waitFor(
        'the evaluation report',
        async () => ((await webviewText(page, '#report'))?.includes('%') ? true : undefined),
        30_000,
      );
      await shot('6-evaluation');
    }, 180_000);
  });
}
