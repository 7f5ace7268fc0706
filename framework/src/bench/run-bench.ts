// `npm run bench`: int2int's speed on the default GCD model as JSON; with --compare, alternating with the PyTorch reference.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import '../operations/builtin';
import { DEFAULT_PLUGINS, loadPlugins } from '../core/plugins/plugin-loader';
import type { BackendPreference } from '../backends/select-backend';
import { measure, type Measurement } from './measure';

const REPO = path.join(__dirname, '..', '..', '..');

interface TorchMeasurement {
  train: { examplesPerSec: number; examplesPerCpuSec: number };
  decode: { examplesPerSec: number };
  maxRssMB: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'auto' },
      steps: { type: 'string', default: '50' },
      warmup: { type: 'string', default: '10' },
      deciters: { type: 'string', default: '10' },
      compare: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '3' },
      reference: { type: 'string', default: path.join(REPO, '..', 'shared', 'bench', 'torch_reference.py') },
      python: { type: 'string', default: '/usr/bin/python3' },
      single: { type: 'boolean', default: false },
      'torch-coretype': { type: 'string', default: 'same' },
      out: { type: 'string', default: path.join(REPO, 'bench-results') },
    },
  });
  const settings = {
    backend: values.backend as BackendPreference,
    batchSize: 32,
    warmup: Number(values.warmup),
    steps: Number(values.steps),
    decodeIterations: Number(values.deciters),
  };
  if (values.single || !values.compare) {
    const { failures } = loadPlugins(DEFAULT_PLUGINS, [REPO]);
    if (failures.length) throw new Error(failures[0].message);
    const result = await measure(settings);
    if (values.single) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    write(values.out, { kind: 'int2int', date: new Date().toISOString(), settings, result });
    return;
  }
  if (!fs.existsSync(values.reference))
    throw new Error(`--compare needs the PyTorch reference: ${values.reference} not found`);
  const torchCoreType = torchOpenBlasCore(values['torch-coretype']);
  process.stdout.write(`PyTorch's OpenBLAS kernels: ${torchCoreType ?? 'its own CPU detection'}\n`);
  const rounds: Array<{
    int2int: Measurement;
    torch: TorchMeasurement;
    trainRatio: number;
    decodeRatio: number;
  }> = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    const int2int = JSON.parse(
      execFileSync(
        process.execPath,
        [
          __filename,
          '--single',
          '--backend',
          settings.backend,
          '--steps',
          values.steps,
          '--warmup',
          values.warmup,
          '--deciters',
          values.deciters,
        ],
        { encoding: 'utf8' },
      )
        .trim()
        .split('\n')
        .pop()!,
    ) as Measurement;
    const torch = JSON.parse(
      execFileSync(
        values.python,
        [
          values.reference,
          '--threads',
          '1',
          '--steps',
          values.steps,
          '--warmup',
          values.warmup,
          '--deciters',
          values.deciters,
        ],
        {
          encoding: 'utf8',
          env: {
            ...process.env,
            OMP_NUM_THREADS: '1',
            OPENBLAS_NUM_THREADS: '1',
            ...(torchCoreType === undefined ? {} : { OPENBLAS_CORETYPE: torchCoreType }),
          },
        },
      )
        .trim()
        .split('\n')
        .pop()!,
    ) as TorchMeasurement;
    const entry = {
      int2int,
      torch,
      trainRatio: Number((int2int.train.examplesPerSec / torch.train.examplesPerSec).toFixed(3)),
      decodeRatio: Number((int2int.decode.examplesPerSec / torch.decode.examplesPerSec).toFixed(3)),
    };
    rounds.push(entry);
    process.stdout.write(
      `round ${round + 1}: train ${int2int.train.examplesPerSec} vs ${torch.train.examplesPerSec} ex/s (ratio ${entry.trainRatio}), ` +
        `decode ${int2int.decode.examplesPerSec} vs ${torch.decode.examplesPerSec} ex/s (ratio ${entry.decodeRatio}), ` +
        `beam 10 ${int2int.beam.examplesPerSec} ex/s, peak RSS ${int2int.maxRssMB} vs ${torch.maxRssMB} MB\n`,
    );
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const summary = {
    trainRatio: med(rounds.map((r) => r.trainRatio)),
    decodeRatio: med(rounds.map((r) => r.decodeRatio)),
  };
  process.stdout.write(
    `median ratios int2int / PyTorch: train ${summary.trainRatio}, decode ${summary.decodeRatio}\n`,
  );
  write(values.out, {
    kind: 'compare',
    date: new Date().toISOString(),
    settings: { ...settings, torchOpenBlasCore: torchCoreType ?? 'auto' },
    rounds,
    summary,
  });
}

/**
 * The OPENBLAS_CORETYPE of the PyTorch run. 'same' (default): the kernels int2int's native backend uses, so that both
 * sides run the same sgemm; 'auto': OpenBLAS's own detection, as the installed PyTorch runs; else a core name.
 */
function torchOpenBlasCore(choice: string): string | undefined {
  if (choice === 'auto') return undefined;
  if (choice !== 'same') return choice;
  if (process.env.OPENBLAS_CORETYPE) return process.env.OPENBLAS_CORETYPE;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('int2int-native') as typeof import('int2int-native')).openBlasCoreType();
  } catch {
    return undefined;
  }
}

function write(dir: string, content: object): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(content)}\nwritten to ${file}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`Error: ${error.message}\n`);
  process.exit(1);
});
