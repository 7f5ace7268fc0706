// End to end: `int2int runs` and `int2int plot` on real runs (finished, running then stopped, diverged): the table
// as text, JSON and CSV; figures as SVG (series, axis titles, run labels), PNG (size, drawn pixels) and HTML,
// opened in Chromium without network access and photographed into test-artifacts/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { makeTempDir, runCli, startCli, TINY_GCD_RUN, withFlags } from './cli-helpers';
import { pngFacts } from './png-facts';
import { CHROMIUM_ARGS } from './vscode/workbench';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '..', 'test-artifacts');
/** Two epochs of 20 steps, a report every 5 steps. */
const RUN = withFlags(TINY_GCD_RUN, '--max_epoch', '2', '--exp_name', 'gcd', '--env_base_seed', '1');

interface JsonTable {
  metric: string;
  settingColumns: string[];
  rows: Array<{ run: string; state: string; epochs: number; examples: number; best?: { value: number } }>;
}

describe('int2int runs and int2int plot', () => {
  const cwd = makeTempDir('results');
  const cli = (...args: string[]) => runCli(args, cwd);
  const runs = (...args: string[]) => {
    const result = cli('runs', ...args);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return result.stdout.trimEnd();
  };
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  beforeAll(() => {
    expect(cli(...RUN, '--exp_id', 'a').status).toBe(0);
    expect(cli(...withFlags(RUN, '--exp_id', 'b', '--optimizer', 'adam,lr=0.001')).status).toBe(0);
    expect(cli(...withFlags(RUN, '--exp_id', 'd', '--optimizer', 'sgd,lr=1e30')).status).toBe(1);
  }, 300_000);

  it('tabulates the runs while one runs, and after it stopped', async () => {
    const long = startCli(withFlags(RUN, '--exp_id', 'c', '--epoch_size', '32000'), cwd);
    await long.waitFor(/^INFO - .* - +10 - /m);
    const during = JSON.parse(runs('--json')) as JsonTable;
    expect(during.metric).toBe('valid_arithmetic_acc');
    expect(during.settingColumns).toEqual(['optimizer', 'epoch_size']);
    expect(during.rows.map((row) => [row.run, row.state])).toEqual([
      ['gcd/a', 'finished'],
      ['gcd/b', 'finished'],
      ['gcd/c', 'running'],
      ['gcd/d', 'diverged'],
    ]);
    long.signal('SIGINT');
    expect((await long.exited).code).toBe(130);
    const after = JSON.parse(runs('--json')) as JsonTable;
    expect(after.rows.find((row) => row.run === 'gcd/c')?.state).toBe('stopped');
    expect(after.rows.find((row) => row.run === 'gcd/a')).toMatchObject({
      epochs: 2,
      examples: 640,
      best: { value: expect.any(Number) as unknown },
    });
  });

  it('prints aligned text, the reason a run diverged, CSV, and sorts and filters', () => {
    const text = runs().split('\n');
    expect(text[0]).toMatch(
      /^run +state +epochs +examples +best valid_arithmetic_acc \(epoch\) +last .* optimizer +epoch_size$/,
    );
    expect(text[1]).toMatch(
      /^gcd\/a +finished +2 +640 +[\d.]+ \(\d\) +[\d.]+ \(1\) +0:00:\d\d +[\d.]+ +\w+ +adam,lr=0\.0001 +320$/,
    );
    expect(text).toContainEqual(
      expect.stringMatching(/^ {2}diverged: Training diverged at step 2 \(epoch 0\): the loss is NaN\./),
    );
    const csv = runs('--csv', '--filter', 'state=finished').split('\n');
    expect(csv[0]).toMatch(/^run,state,epochs,examples,best_valid_arithmetic_acc,best_epoch,/);
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(['gcd/a', 'gcd/b']);
    const byLoss = JSON.parse(
      runs('--json', '--metric', 'valid_arithmetic_xe_loss', '--sort', 'best'),
    ) as JsonTable;
    const losses = byLoss.rows.map((row) => row.best?.value).filter((v) => v !== undefined);
    expect(losses).toEqual([...losses].sort((x, y) => x - y));
  });

  it('refuses a missing folder, a bad filter and an unknown sort column in one line', () => {
    expect(cli('runs', 'nowhere').stderr).toBe(
      'Error: No such folder: nowhere (the --dump_path of the runs, ./dumped by default)\n',
    );
    expect(cli('runs', '--filter', 'base').stderr).toBe(
      'Error: --filter base: write key=value, e.g. --filter base=10\n',
    );
    expect(cli('runs', '--sort', 'speed').stderr).toMatch(
      /^Error: --sort speed: sort by one of run, state, .*, optimizer, epoch_size\n$/,
    );
    expect(cli('plot', '--out', 'figure.pdf').stderr).toBe(
      'Error: --out figure.pdf: write the figure to a .svg, .png or .html file\n',
    );
    expect(cli('plot', '--chart', 'heatmap', '--out', 'h.svg').stderr).toBe(
      'Error: --chart heatmap draws one run; 4 match: choose one with --exp_name or --filter\n',
    );
  });

  it('draws the training loss of each run as SVG: one line per run, axis titles, run labels', () => {
    const result = cli('plot', '--out', 'loss.svg');
    expect(result.stdout).toBe(`Wrote ${path.join(cwd, 'loss.svg')}: loss of 4 runs\n`);
    const svg = fs.readFileSync(path.join(cwd, 'loss.svg'), 'utf8');
    expect(svg.match(/aria-roledescription="line mark"/g)).toHaveLength(3); // a line per run but the diverged one, which has no report
    expect(svg).toContain('training step');
    expect(svg).toContain('training loss (mean of each report)');
    for (const run of ['gcd/a · optimizer=adam,lr=0.0001', 'gcd/b · optimizer=adam,lr=0.001', 'gcd/c'])
      expect(svg).toContain(run);
  });

  it('draws a validation score per epoch, per-class bars and a heat map as PNG files with pixels drawn', () => {
    for (const [chart, ...extra] of [
      ['metric', '--by', 'optimizer'],
      ['classes'],
      ['heatmap', '--filter', 'exp_id=a'],
    ]) {
      const file = `${chart}.png`;
      expect(cli('plot', '--chart', chart, ...extra, '--out', file).status).toBe(0);
      const facts = pngFacts(path.join(cwd, file));
      expect(facts.width).toBeGreaterThan(800);
      expect(facts.height).toBeGreaterThan(500);
      expect(facts.drawn).toBe(true);
    }
  });

  it('writes an HTML page that Chromium draws without network access', async () => {
    expect(cli('plot', '--chart', 'metric', '--out', 'metric.html').status).toBe(0);
    const html = fs.readFileSync(path.join(cwd, 'metric.html'), 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/); // everything inline; Chromium checks the rest
    if (!fs.existsSync(CHROMIUM) && process.env.CI !== 'true') return; // checked in CI: Chromium is installed there
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const context = await browser.newContext({ offline: true, viewport: { width: 1200, height: 520 } });
      const requests: string[] = [];
      context.on('request', (request) => {
        if (!request.url().startsWith('file:')) requests.push(request.url());
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`file://${path.join(cwd, 'metric.html')}`);
      await page.locator('body[data-drawn="true"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('#figure svg path[aria-roledescription="line mark"]').count()).toBe(2); // a and b: c stopped before its first evaluation
      expect(await page.locator('#figure svg').textContent()).toContain('valid_arithmetic_acc (%)');
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'plot-metric-html.png') });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('int2int plot --chart confusion', () => {
  const cwd = makeTempDir('confusion');
  const cli = (...args: string[]) => runCli(args, cwd);
  const run = path.join(cwd, 'dumped', 'pred', 'a');
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  beforeAll(() => {
    const exported = withFlags(
      TINY_GCD_RUN,
      '--max_epoch',
      '2',
      '--exp_name',
      'pred',
      '--export_pred',
      'true',
    );
    expect(cli(...exported, '--exp_id', 'a', '--max_class', '12').status).toBe(0);
    expect(cli(...withFlags(TINY_GCD_RUN, '--exp_name', 'plain', '--exp_id', 'b')).status).toBe(0);
  }, 300_000);

  it("draws the last evaluation's table of true and predicted classes as SVG, a cell per pair, counts written", () => {
    const result = cli('plot', '--chart', 'confusion', '--exp_name', 'pred', '--out', 'confusion.svg');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`Wrote ${path.join(cwd, 'confusion.svg')}: confusion of 1 run\n`);
    const csv = fs.readFileSync(path.join(run, 'predictions.valid.1.csv'), 'utf8').trim().split('\n');
    const predicted = csv[0].split(',').slice(1, -1); // the classes predicted, then invalid
    const rows = csv.slice(1).map((line) => line.split(','));
    const svg = fs.readFileSync(path.join(cwd, 'confusion.svg'), 'utf8');
    expect(svg).toContain('True and predicted classes (valid, epoch 1, pred/a)');
    expect(svg).toContain('predicted class');
    expect(svg).toContain('true class');
    expect(svg).toContain('% of the true class');
    expect(svg.match(/aria-roledescription="rect mark"/g)).toHaveLength(rows.length * predicted.length);
    // each cell is labelled with its pair and count as the CSV has them; the counts above 0 are written in
    const [first] = rows;
    expect(svg).toMatch(
      new RegExp(
        `aria-label="predicted class: invalid; true class: ${first[0]}; [^"]*examples: ${first.at(-2)}"`,
      ),
    );
    const nonZero = rows.flatMap((row) => row.slice(1, -1)).filter((count) => count !== '0').length;
    expect(svg.match(/aria-roledescription="text mark"/g)).toHaveLength(nonZero);
  });

  it('draws the best and a numbered epoch as PNG; refuses an epoch without a table, a run without any, several runs', () => {
    for (const epoch of ['best', '0']) {
      expect(
        cli('plot', '--chart', 'confusion', '--exp_name', 'pred', '--epoch', epoch, '--out', `c${epoch}.png`)
          .status,
      ).toBe(0);
      const facts = pngFacts(path.join(cwd, `c${epoch}.png`));
      expect(facts.width).toBeGreaterThan(480);
      expect(facts.drawn).toBe(true);
    }
    expect(
      cli('plot', '--chart', 'confusion', '--exp_name', 'pred', '--epoch', '5', '--out', 'c.svg').stderr,
    ).toBe(
      `Error: No predictions.valid.5.csv in ${path.join('dumped', 'pred', 'a')}: its tables are of epochs 0, 1\n`,
    );
    expect(cli('plot', '--chart', 'confusion', '--exp_name', 'plain', '--out', 'c.svg').stderr).toBe(
      `Error: No predictions.valid.<epoch>.csv in ${path.join('dumped', 'plain', 'b')}: train (or evaluate) with --export_pred true to write the table of true and predicted classes\n`,
    );
    expect(cli('plot', '--chart', 'confusion', '--out', 'c.svg').stderr).toBe(
      'Error: --chart confusion draws one run; 2 match: choose one with --exp_name or --filter\n',
    );
    fs.appendFileSync(path.join(run, 'predictions.valid.0.csv'), '7,1,2\n');
    expect(
      cli('plot', '--chart', 'confusion', '--exp_name', 'pred', '--epoch', '0', '--out', 'c.svg').stderr,
    ).toMatch(/^Error: .*predictions\.valid\.0\.csv:\d+: expected a class and \d+ counts, found "7,1,2"\n$/);
    expect(fs.existsSync(path.join(cwd, 'c.svg'))).toBe(false);
  });
});
