// Which checkpoint a run starts from (--eval_from_exp, --reload_model), and the config an evaluation takes from it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCheckpoint, type CheckpointData } from '../checkpoints/checkpoint-file';
import { CORE_PARAMETERS, resolveCoreSettings, type CoreSettings } from '../config/core-parameters';
import type { RunConfig } from '../config/resolve-run-config';
import type { ParamValues } from '../operations/parameters';
import { parseMetricList } from '../training/metric-tracker';
import { CHECKPOINT_FILE, randomExpId } from './run-directory';

export interface CheckpointSource {
  file: string;
  /** For --eval_from_exp: the evaluation is stored in <experiment>/evaluations/<id>. */
  evalRunDir?: string;
}

export function checkpointSource(core: CoreSettings, cwd: string): CheckpointSource | undefined {
  if (core.eval_from_exp) {
    const dir = path.resolve(cwd, core.eval_from_exp);
    const [metric] = parseMetricList(core.validation_metrics);
    const candidates = [...(metric ? [`best-${metric.name}.ckpt`] : []), CHECKPOINT_FILE].map((f) =>
      path.join(dir, f),
    );
    const file = candidates.find((f) => fs.existsSync(f));
    if (!file) {
      throw new Error(
        `--eval_from_exp ${core.eval_from_exp}: no checkpoint found (looked for ${candidates.join(', ')})`,
      );
    }
    return { file, evalRunDir: path.join(dir, 'evaluations', core.exp_id || randomExpId()) };
  }
  if (core.reload_model) return { file: path.resolve(cwd, core.reload_model) };
  return undefined;
}

/** The checkpoint of a source, read: a checkpoint being replaced meanwhile is read whole, old or new. */
export function loadSource(location: CheckpointSource): {
  location: CheckpointSource;
  checkpoint: CheckpointData;
} {
  return { location, checkpoint: loadCheckpoint(location.file) };
}

/**
 * An evaluation of a saved model: the model, the operation and its parameters come from the checkpoint;
 * what the user set for the experiment, the data and the evaluation itself is kept.
 */
export function configFromCheckpoint(requested: RunConfig, checkpoint: CheckpointData): RunConfig {
  if (requested.explicit.has('operation') && requested.operation !== checkpoint.operation) {
    throw new Error(
      `The checkpoint was trained on operation ${checkpoint.operation}, not ${requested.operation}`,
    );
  }
  const requestedValues: ParamValues = requested.core;
  const evaluationOwn = new Set([
    'eval_only',
    'eval_from_exp',
    'reload_model',
    'exp_name',
    'exp_id',
    'dump_path',
  ]);
  const core = resolveCoreSettings((name) => {
    const spec = CORE_PARAMETERS[name];
    const keepRequested =
      evaluationOwn.has(name) ||
      (requested.explicit.has(name) && spec.group !== 'model' && name !== 'operation');
    return !keepRequested && name in checkpoint.params
      ? { source: `${name} in the checkpoint`, raw: checkpoint.params[name] }
      : { source: `--${name}`, raw: requestedValues[name] };
  });
  return {
    operation: checkpoint.operation,
    core,
    operationParams: checkpoint.operationParams,
    explicit: requested.explicit,
  };
}
