// Resuming an experiment with the settings it was trained with: the differences between a command and a checkpoint.
import type { CheckpointData } from '../checkpoints/checkpoint-file';
import { CORE_PARAMETERS } from '../config/core-parameters';
import type { RunConfig } from '../config/resolve-run-config';
import type { ParamValue, ParamValues } from '../operations/parameters';
import { parseOptimizer } from '../training/optimizers/parse-optimizer';

/** A setting whose requested value differs from the experiment's. */
export interface ChangedSetting {
  name: string;
  requested: ParamValue;
  saved: ParamValue;
}

/**
 * The settings of the experiment (not of one run: see `perRun`) that `requested` changes. A random seed
 * (env_base_seed < 0) takes the experiment's, so it is never a change; settings the checkpoint predates are not
 * compared.
 */
export function changedSettings(requested: RunConfig, checkpoint: CheckpointData): ChangedSetting[] {
  const changes: ChangedSetting[] = [];
  if (requested.operation !== checkpoint.operation) {
    changes.push({ name: 'operation', requested: requested.operation, saved: checkpoint.operation });
  }
  const requestedValues: ParamValues = requested.core;
  for (const [name, spec] of Object.entries(CORE_PARAMETERS)) {
    if (spec.perRun || name === 'operation' || !(name in checkpoint.params)) continue;
    const [value, saved] = [requestedValues[name], checkpoint.params[name]];
    if (name === 'env_base_seed' && Number(value) < 0) continue;
    if (!sameValue(name, value, saved)) changes.push({ name, requested: value, saved });
  }
  if (requested.operation === checkpoint.operation) {
    for (const [name, value] of Object.entries(requested.operationParams)) {
      const saved = checkpoint.operationParams[name];
      if (saved !== undefined && saved !== value) changes.push({ name, requested: value, saved });
    }
  }
  return changes;
}

/** `--enc_emb_dim 64 (the experiment has 32), --optimizer sgd,lr=0.1 (the experiment has adam,lr=0.0001)` */
export function describeChanges(changes: readonly ChangedSetting[]): string {
  return changes
    .map(
      ({ name, requested, saved }) => `--${name} ${String(requested)} (the experiment has ${String(saved)})`,
    )
    .join(', ');
}

/** Optimizer strings are compared by what they mean: `adam,lr=1e-4` is `adam,lr=0.0001`. */
function sameValue(name: string, a: ParamValue, b: ParamValue): boolean {
  if (a === b) return true;
  if (name !== 'optimizer') return false;
  try {
    return JSON.stringify(parseOptimizer(String(a))) === JSON.stringify(parseOptimizer(String(b)));
  } catch {
    return false;
  }
}
