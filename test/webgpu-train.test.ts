// `--backend webgpu` as a user runs it: train and evaluate (greedy and beam) on Dawn's adapter (in CI Mesa's software
// lavapipe), the backend named in the log, params.json and events; no adapter is a one-line error with what to do,
// and 'auto' says why it did not use webgpu. Parity with the other backends: framework/src/backends/webgpu-parity.test.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { probeAdapter, vulkanLoaderMissing } from '../framework/src/backends/webgpu-backend';
import { makeTempDir, readEvents, runCli, TINY_GCD_RUN, withFlags } from './cli-helpers';

const noVulkan = vulkanLoaderMissing();
if (noVulkan !== undefined && process.env.CI === 'true') {
  throw new Error(`CI must run the webgpu tests, but ${noVulkan.reason}: run scripts/install-vulkan.sh`);
}
if (noVulkan !== undefined) console.warn(`webgpu tests skipped: ${noVulkan.reason}`);
const describeWithVulkan = noVulkan === undefined ? describe : describe.skip;

/** Dawn's own warnings (Vulkan's limits, a missing driver) go to stderr; int2int's lines are the rest. */
const int2intLines = (stderr: string) =>
  stderr.split('\n').filter((line) => line.trim() !== '' && !/^(Warning: |\s+at )/.test(line));

describeWithVulkan('--backend webgpu', () => {
  const cwd = makeTempDir('webgpu');
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it('trains and evaluates the GCD model on the adapter it names, then evaluates the checkpoint with beam search', () => {
    const run = runCli(
      [...withFlags(TINY_GCD_RUN, '--epoch_size', '160'), '--backend', 'webgpu', '--exp_id', 'gpu'],
      cwd,
    );
    expect(int2intLines(run.stderr)).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /Backend: webgpu \(Dawn on Vulkan: .+; @tensorflow\/tfjs-backend-webgpu 4\.22\.0\)/,
    );
    if (process.env.CI === 'true')
      expect(run.stdout).toMatch(/Backend: webgpu \(Dawn on Vulkan: llvmpipe.*a software adapter/);
    expect(run.stdout).toMatch(/ARITHMETIC: +[\d.]+ - LR/);
    expect(run.stdout).toMatch(/\d+\/64 \(\d+\.\d\d%\) examples were evaluated correctly\./);
    const runDir = path.join(cwd, 'dumped', 'debug', 'gpu');
    const params = JSON.parse(fs.readFileSync(path.join(runDir, 'params.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(params.backend).toMatch(/^webgpu \(Dawn on Vulkan: /);
    const events = readEvents(runDir);
    expect(events.find((e) => e.type === 'run_start')?.backend).toMatch(/^webgpu \(Dawn on Vulkan: /);
    const losses = events.filter((e) => e.type === 'train_stats').map((e) => e.loss as number);
    expect(losses.length).toBeGreaterThan(0);
    for (const loss of losses) expect(Number.isFinite(loss)).toBe(true);
    expect(fs.existsSync(path.join(runDir, 'checkpoint.ckpt'))).toBe(true);

    const evaluation = runCli(
      [
        'evaluate',
        '--reload_model',
        path.join(runDir, 'checkpoint.ckpt'),
        '--backend',
        'webgpu',
        '--eval_size',
        '32',
        '--beam_eval',
        'true',
        '--beam_size',
        '2',
        '--exp_id',
        'gpu-eval',
      ],
      cwd,
    );
    expect(int2intLines(evaluation.stderr)).toEqual([]);
    expect(evaluation.status).toBe(0);
    expect(evaluation.stdout).toMatch(/Backend: webgpu \(/);
    expect(evaluation.stdout).toMatch(/\d+\/32 \(\d+\.\d\d%\) examples were evaluated correctly\./);
  });

  it('without an adapter: one line saying what to install, nothing written; auto says why it did not use webgpu', () => {
    const noDriver = { VK_ICD_FILENAMES: path.join(cwd, 'no-such-driver.json') };
    const refused = runCli([...TINY_GCD_RUN, '--backend', 'webgpu', '--exp_id', 'refused'], cwd, noDriver);
    expect(refused.status).not.toBe(0);
    expect(int2intLines(refused.stderr)).toEqual([
      expect.stringMatching(
        /^Error: Backend webgpu is not available: Vulkan offers no adapter that Dawn can use; install your GPU's Vulkan driver .*mesa-vulkan-drivers/,
      ),
    ]);
    expect(fs.existsSync(path.join(cwd, 'dumped', 'debug', 'refused'))).toBe(false);

    const forbidden = runCli([...TINY_GCD_RUN, '--backend', 'webgpu', '--cpu', 'true'], cwd);
    expect(forbidden.status).not.toBe(0);
    expect(int2intLines(forbidden.stderr)).toEqual([
      'Error: --cpu true forbids the webgpu backend: pass --cpu false',
    ]);

    const auto = runCli([...TINY_GCD_RUN, '--exp_id', 'auto'], cwd, noDriver);
    expect(auto.stderr).toBe('');
    expect(auto.status).toBe(0);
    expect(auto.stdout).toMatch(
      /Backend: (native|wasm) \(.*; webgpu not used: Vulkan offers no adapter that Dawn can use$/m,
    );
  });

  it("'auto' takes a hardware adapter and never a software one, saying so", async () => {
    const probe = await probeAdapter();
    if ('reason' in probe) throw new Error(`no adapter: ${probe.reason}`);
    const auto = runCli([...TINY_GCD_RUN, '--exp_id', 'auto-adapter'], cwd);
    expect(auto.status).toBe(0);
    if (probe.adapter.software) {
      expect(auto.stderr).toBe('');
      expect(auto.stdout).toMatch(
        /Backend: (native|wasm) \(.*; webgpu not used: its adapter, .*a software adapter\), is not a GPU$/m,
      );
    } else {
      expect(auto.stdout).toMatch(/Backend: webgpu \(Dawn on Vulkan: .* GPU\)/);
    }
    if (process.env.CI === 'true') expect(probe.adapter.description).toMatch(/^llvmpipe/);
  });
});
