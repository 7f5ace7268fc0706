// The run panel in a real browser: the webview bundle in Debian's Chromium, fed the events of real CLI runs (compared, resumed, diverged, evaluated).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CORE_PARAMETERS } from '../framework/src/config/core-parameters';
import type { RunEvent } from '../framework/src/reporting/events';
import type { PanelRun } from '../vscode-extension/src/webview/protocol';
import { makeTempDir, runCli, startCli } from './cli-helpers';
import { bundleWebview, openPanel, panelErrors, post, servePanel } from './vscode/run-panel-harness';
import { CHROMIUM_ARGS } from './vscode/workbench';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', 'test-artifacts');
const TRAIN = [
  ...['train', '--operation', 'gcd', '--enc_emb_dim', '32', '--dec_emb_dim', '32'],
  ...['--n_enc_layers', '1', '--n_dec_layers', '1', '--n_enc_heads', '4', '--n_dec_heads', '4'],
  ...['--batch_size', '16', '--epoch_size', '320', '--max_epoch', '3', '--eval_size', '100'],
  ...['--max_output_len', '4', '--report_loss_every', '5', '--num_workers', '0'],
];
/** 3 epochs of 20 steps, a report every 5 steps. */
const REPORTS = 12;
const DEFAULTS = Object.fromEntries(
  Object.entries(CORE_PARAMETERS).map(([name, spec]) => [name, spec.default]),
);
const COLORS = ['#3794ff', '#f14c4c'];

function readEvents(runDir: string): RunEvent[] {
  return fs
    .readFileSync(path.join(runDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RunEvent);
}

function panelRun(id: string, label: string, color = COLORS[0]): PanelRun {
  return { id, label, color, defaults: DEFAULTS };
}

/** The browser's elements, as much of them as the tests read (test/ compiles without the DOM library). */
type PageElement = { getAttribute(name: string): string | null };

const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();
const attribute = (page: Page, selector: string, name: string) =>
  page
    .locator(selector)
    .evaluateAll(
      (nodes, key) => nodes.map((node) => (node as unknown as PageElement).getAttribute(key) ?? ''),
      name,
    );
const lossCanvas = (page: Page) =>
  page
    .locator('#chart-loss canvas')
    .evaluate((canvas) => (canvas as unknown as { toDataURL(): string }).toDataURL());
const numericallySorted = (names: string[]) => [...names].sort((a, b) => Number(a) - Number(b));

if (!fs.existsSync(CHROMIUM) && process.env.CI !== 'true') {
  describe.skip(`run panel in Chromium (${CHROMIUM} missing: run test/vscode/setup-code-server.sh)`, () => {
    test('skipped', () => undefined);
  });
} else {
  describe('run panel in Chromium', () => {
    const temp = makeTempDir('run-panel');
    const runDir = (id: string) => path.join(temp, 'dumped', 'debug', id);
    let evaluationDir: string;
    let browser: Browser | undefined;
    let page: Page;
    let url: string;
    let closeServer: (() => Promise<void>) | undefined;
    const consoleErrors: string[] = [];

    beforeAll(async () => {
      if (!fs.existsSync(CHROMIUM))
        throw new Error(`${CHROMIUM} missing: run test/vscode/setup-code-server.sh`);
      const web = path.join(temp, 'web');
      await bundleWebview(web);
      ({ url, close: closeServer } = await servePanel(web));

      expect(runCli([...TRAIN, '--env_base_seed', '1', '--exp_id', 'a'], temp).status).toBe(0);
      const other = ['--env_base_seed', '2', '--optimizer', 'adam,lr=0.001', '--exp_id', 'b'];
      expect(runCli([...TRAIN, ...other], temp).status).toBe(0);
      // Ctrl-C in the middle of epoch 1, then the same command resumes it
      const stopped = startCli([...TRAIN, '--env_base_seed', '3', '--exp_id', 'c'], temp);
      await stopped.waitFor(/^INFO - .* - +30 - /m);
      stopped.signal('SIGINT');
      expect((await stopped.exited).code).toBe(130);
      expect(runCli([...TRAIN, '--env_base_seed', '3', '--exp_id', 'c'], temp).status).toBe(0);
      const diverging = [...TRAIN, '--optimizer', 'sgd,lr=1e30', '--exp_id', 'd'];
      expect(runCli(diverging, temp).status).not.toBe(0);
      expect(runCli(['evaluate', '--eval_from_exp', runDir('a')], temp).status).toBe(0);
      const evaluations = path.join(runDir('a'), 'evaluations');
      evaluationDir = path.join(evaluations, fs.readdirSync(evaluations)[0]);

      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
      });
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(error.message));
      fs.mkdirSync(ARTIFACTS, { recursive: true });
    }, 180_000);

    afterEach(async () => {
      expect([...consoleErrors.splice(0), ...(await panelErrors(page))]).toEqual([]);
    });

    afterAll(async () => {
      await browser?.close();
      await closeServer?.();
      fs.rmSync(temp, { recursive: true, force: true });
    }, 30_000);

    const labelA = 'debug/a';
    const labelB = 'debug/b · env_base_seed=2, optimizer=adam,lr=0.001';

    test('two runs compared: their own labels and colours, integer epoch ticks, labelled axes, sorted classes', async () => {
      await openPanel(page, url);
      // the panel first showed run b alone (an earlier panel), then both: no legend keeps the first run's name
      await post(page, { type: 'runs', runs: [panelRun(runDir('b'), labelB)] });
      await post(page, { type: 'events', runId: runDir('b'), events: readEvents(runDir('b')) });
      expect(await texts(page, '#chart-loss [data-legend]')).toEqual([labelB]);
      const runs = [panelRun(runDir('a'), labelA, COLORS[0]), panelRun(runDir('b'), labelB, COLORS[1])];
      await post(page, { type: 'runs', runs });
      const eventsA = readEvents(runDir('a'));
      // in two polls, as the extension sends a growing file
      await post(page, { type: 'events', runId: runDir('a'), events: eventsA.slice(0, 120) });
      await post(page, { type: 'events', runId: runDir('a'), events: eventsA.slice(120) });

      for (const chart of ['#chart-loss', '#chart-lr', '#chart-accuracy', '#chart-xe-loss']) {
        expect(await texts(page, `${chart} [data-legend]`)).toEqual([labelA, labelB]);
        expect(await page.locator(chart).getAttribute('data-y-ticks')).toMatch(/\d/);
        expect(await page.locator(chart).getAttribute('data-y-label')).not.toBe('');
      }
      expect(await page.locator('#chart-accuracy').getAttribute('data-y-label')).toBe('accuracy (%)');
      expect(await page.locator('#chart-loss').getAttribute('data-y-label')).toBe('loss');
      const epochTicks = (await page.locator('#chart-accuracy').getAttribute('data-x-ticks')) ?? '';
      expect(epochTicks.split(' ')).toEqual(['0', '1', '2']);
      expect(await page.locator('#loss-points').textContent()).toBe(String(REPORTS));
      expect(await page.locator('#last-loss').textContent()).toMatch(/^\d+\.\d{4}$/);

      // per-class bars of the latest epoch, both runs, classes in numeric order; the heat map over the 3 epochs
      const barClasses = await attribute(
        page,
        `#class-bars [data-class][data-run="${runDir('a')}"]`,
        'data-class',
      );
      expect(barClasses.length).toBeGreaterThan(3);
      expect(barClasses).toEqual(numericallySorted(barClasses));
      expect(
        await page.locator(`#class-bars [data-class][data-run="${runDir('b')}"]`).count(),
      ).toBeGreaterThan(0);
      expect((await texts(page, '#class-bars [data-class]'))[0]).toMatch(/^class \d+: \d+\.\d% \(\d+\/\d+\)/);
      const heatmapClasses = (
        (await page.locator('#class-heatmap').getAttribute('data-classes')) ?? ''
      ).split(' ');
      expect(heatmapClasses).toEqual(numericallySorted(heatmapClasses));
      expect(await page.locator('#class-heatmap').getAttribute('data-epochs')).toBe('0 1 2');

      // the report: headline metrics first, formatted; per-class results once, not among the metrics
      const metricNames = await texts(page, '#report-metrics tbody th');
      expect(metricNames.slice(0, 2)).toEqual(['accuracy', 'cross-entropy loss']);
      expect(metricNames.some((name) => /acc_\d/.test(name))).toBe(false);
      const firstValues = await texts(page, '#report-metrics tbody tr:nth-child(-n+2) td');
      expect(firstValues[0]).toMatch(/^\d+\.\d%$/);
      expect(firstValues[1]).toMatch(/^\d+\.\d{4}$/);
      expect(await page.locator('#report-classes tbody tr').count()).toBe(barClasses.length);

      // the changed parameters, highlighted; the others folded
      const changed = await attribute(page, '#params-changed [data-param]', 'data-param');
      expect(changed).toEqual(
        expect.arrayContaining(['enc_emb_dim', 'batch_size', 'epoch_size', 'env_base_seed']),
      );
      expect(changed).not.toContain('dump_path');
      expect(changed.length).toBeLessThan(25);
      expect(await page.locator('#params-all').getAttribute('open')).toBeNull();
      await page.screenshot({ path: path.join(ARTIFACTS, 'run-panel-compare.png'), fullPage: true });

      // hovering the loss chart: the x value and each run's value, highest first
      const plot = page.locator('#chart-loss .u-over');
      const box = (await plot.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
      expect(await page.locator('#chart-loss .legend-x').textContent()).toMatch(/^step \d+$/);
      const hovered = (await texts(page, '#chart-loss .legend-value')).map((text) => parseFloat(text));
      expect(hovered).toHaveLength(2);
      expect(hovered[0]).toBeGreaterThanOrEqual(hovered[1]);
      // the cursor moves on the learning-rate chart too
      expect(await page.locator('#chart-lr .legend-x').textContent()).toMatch(/^step \d+$/);
      await page.screenshot({
        path: path.join(ARTIFACTS, 'run-panel-hover.png'),
        clip: { ...box, y: box.y - 60, height: box.height + 120, x: 0, width: 1280 },
      });
      await page.mouse.move(0, 0);
    }, 60_000);

    test('smoothing redraws the loss, the x axis switches units, events sent twice count once', async () => {
      const runs = [panelRun(runDir('a'), labelA, COLORS[0]), panelRun(runDir('b'), labelB, COLORS[1])];
      const smoothed = await lossCanvas(page);
      const smoothedValues = await texts(page, '#chart-loss .legend-value');
      await page.locator('#smoothing').fill('0');
      expect(await page.locator('#smoothing-value').textContent()).toBe('0.00');
      expect(await lossCanvas(page)).not.toBe(smoothed);
      const rawValues = await texts(page, '#chart-loss .legend-value');
      expect(rawValues).not.toEqual(smoothedValues);
      expect(rawValues.every((text) => !text.includes('raw'))).toBe(true);
      await page.locator('#smoothing').fill('0.9');
      expect((await texts(page, '#chart-loss .legend-value'))[0]).toMatch(/^\d+\.\d{4} \(raw \d+\.\d{4}\)$/);

      const xLabels: Record<string, RegExp> = {
        epoch: /^epoch$/,
        examples: /^examples seen$/,
        time: /^time \(s\)$/,
        step: /^step$/,
      };
      for (const [kind, label] of Object.entries(xLabels)) {
        await page.locator('#x-axis').selectOption(kind);
        for (const chart of ['#chart-loss', '#chart-lr']) {
          expect(await page.locator(chart).getAttribute('data-x-label')).toMatch(label);
        }
        const ticks = ((await page.locator('#chart-loss').getAttribute('data-x-ticks')) ?? '').split(' ');
        // the first report is a quarter into epoch 0: whole epochs 1 to 3 on the axis
        if (kind === 'epoch') expect(ticks).toEqual(['1', '2', '3']);
        if (kind === 'examples') expect(ticks.every((tick) => /^\d+(\.\d)?k?$/.test(tick))).toBe(true);
        if (kind === 'step') expect(ticks.every((tick) => /^\d+$/.test(tick))).toBe(true);
        if (kind === 'epoch')
          await page.screenshot({ path: path.join(ARTIFACTS, 'run-panel-epoch-axis.png') });
      }

      // the same events again (a reopened run), and the runs again: nothing doubles
      await post(page, { type: 'runs', runs });
      await post(page, { type: 'events', runId: runDir('a'), events: readEvents(runDir('a')) });
      await post(page, { type: 'events', runId: runDir('a'), events: readEvents(runDir('a')) });
      expect(await page.locator('#loss-points').textContent()).toBe(String(REPORTS));
      expect(await page.locator('#class-heatmap').getAttribute('data-epochs')).toBe('0 1 2');
    }, 60_000);

    test('a run stopped with Ctrl-C and resumed: one line, a marker where it resumed', async () => {
      await openPanel(page, url);
      await post(page, { type: 'runs', runs: [panelRun(runDir('c'), 'debug/c')] });
      const events = readEvents(runDir('c'));
      await post(page, { type: 'events', runId: runDir('c'), events });
      const resumedAt = events.flatMap((event) => (event.type === 'run_start' ? [event.resumedFrom] : []))[1];
      expect(resumedAt?.progress).toMatchObject({ phase: 'training' });
      expect(await page.locator('#loss-points').textContent()).toBe(String(REPORTS));
      for (const chart of ['#chart-loss', '#chart-lr']) {
        expect(await texts(page, `${chart} [data-resume]`)).toEqual([
          `resumed at step ${resumedAt?.iteration}`,
        ]);
      }
      expect(await page.locator('#run-status').textContent()).toBe('finished');
      await page.locator('#x-axis').selectOption('time');
      expect(await page.locator('#chart-loss [data-resume]').count()).toBe(1);
      await page.locator('#x-axis').selectOption('step');
      await page.screenshot({ path: path.join(ARTIFACTS, 'run-panel-resumed.png'), fullPage: true });
    }, 60_000);

    test('a diverged run shows its message', async () => {
      await openPanel(page, url);
      await post(page, { type: 'runs', runs: [panelRun(runDir('d'), 'debug/d')] });
      await post(page, { type: 'events', runId: runDir('d'), events: readEvents(runDir('d')) });
      await page.locator('#run-error').waitFor({ state: 'visible' });
      expect(await page.locator('#run-error').textContent()).toMatch(
        /^debug\/d diverged: Training diverged at step \d+ \(epoch 0\): the loss is NaN/,
      );
      expect(await page.locator('#run-status').textContent()).toBe('diverged');
      await page.screenshot({ path: path.join(ARTIFACTS, 'run-panel-diverged.png'), fullPage: true });
    }, 60_000);

    test('an evaluation-only run shows the evaluation, no training charts', async () => {
      await openPanel(page, url);
      await post(page, { type: 'runs', runs: [panelRun(evaluationDir, 'debug/a · evaluation')] });
      await post(page, { type: 'events', runId: evaluationDir, events: readEvents(evaluationDir) });
      await page.locator('#report-metrics').waitFor({ state: 'visible' });
      expect(await page.locator('#training').isHidden()).toBe(true);
      expect(await page.locator('#evaluation-curves').isHidden()).toBe(true);
      expect(await page.locator('#class-heatmap-card').isHidden()).toBe(true);
      expect(await page.locator('#class-bars [data-class]').count()).toBeGreaterThan(3);
      expect(await page.locator('#report-heading').textContent()).toBe('Evaluation of epoch 2');
      const changed = await attribute(page, '#params-changed [data-param]', 'data-param');
      expect(changed).toEqual(expect.arrayContaining(['eval_only', 'eval_from_exp']));
      await page.screenshot({ path: path.join(ARTIFACTS, 'run-panel-evaluation.png'), fullPage: true });
    }, 60_000);
  });
}
