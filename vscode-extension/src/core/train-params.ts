// The parameters Train offers: every setting of the CLI (its own declarations, read from the framework and from
// `operations:list --json`), grouped, checked by the CLI's own rules, with presets and the changed ones as flags.
import { CORE_PARAMETERS, type ParamGroup } from '../../../framework/src/config/core-parameters';
import { convertValue } from '../../../framework/src/config/convert-value';
import { describeDefault, type ParamSpec } from '../../../framework/src/operations/parameters';
import type { OperationInfo } from './cli-args';

/** One setting of the Train form: where it is shown and how it is declared. */
export interface EditableParam {
  name: string;
  /** The operation's own parameters come first, then the core groups. */
  group: 'operation' | ParamGroup;
  spec: ParamSpec;
}

/** Set by the extension itself (where the run is written) or by other commands (evaluate, resume). */
const SET_ELSEWHERE = new Set([
  'operation',
  'dump_path',
  'exp_id',
  'debug',
  'export_data',
  'override_params',
  'eval_only',
  'eval_from_exp',
  'reload_model',
  'reload_checkpoint',
]);

const GROUP_ORDER: Array<EditableParam['group']> = [
  'operation',
  'model',
  'training',
  'data',
  'evaluation',
  'experiment',
  'technical',
];

/** The parameters of a training of `operation`, in display order: its own, then the implemented core ones. */
export function trainParams(operation: OperationInfo): EditableParam[] {
  const own = operation.params.map(({ name, ...spec }) => ({ name, group: 'operation' as const, spec }));
  const core = Object.entries(CORE_PARAMETERS)
    .filter(([name, spec]) => spec.implemented !== false && !spec.note && !SET_ELSEWHERE.has(name))
    .map(([name, spec]) => ({ name, group: spec.group, spec }));
  return [...own, ...core].sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group));
}

/** The parameters an evaluation may change (the model and the operation come from the checkpoint). */
export function evaluateParams(): EditableParam[] {
  return Object.entries(CORE_PARAMETERS)
    .filter(
      ([name, spec]) => spec.group === 'evaluation' && spec.implemented !== false && !SET_ELSEWHERE.has(name),
    )
    .map(([name, spec]) => ({ name, group: spec.group, spec }));
}

/** What is wrong with `text` as a value of `param`, by the CLI's own rules; undefined when it is accepted. */
export function valueError(param: EditableParam, text: string): string | undefined {
  try {
    convertValue(`--${param.name}`, param.spec, text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** `help (default: 32, at least 1)`: the detail line of a parameter. */
export function describeParam(param: EditableParam): string {
  return `${param.spec.help} (${describeDefault(param.spec)})`;
}

/** The parameters whose value differs from their default, as the flags to pass (name → value as typed). */
export function changedValues(
  params: readonly EditableParam[],
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const { name, spec } of params) {
    const value = values[name];
    if (value !== undefined && value !== String(spec.default)) changed[name] = value;
  }
  return changed;
}

/** A named set of values for the Train form. */
export interface Preset {
  label: string;
  detail: string;
  values: Readonly<Record<string, string>>;
}

export const PRESETS: readonly Preset[] = [
  {
    label: 'Quick start',
    detail: 'a 2-layer, 128-wide model, two epochs of 6,400 examples: about a minute on a CPU',
    values: {
      enc_emb_dim: '128',
      dec_emb_dim: '128',
      n_enc_layers: '2',
      n_dec_layers: '2',
      optimizer: 'adam,lr=5e-4',
      epoch_size: '6400',
      max_epoch: '2',
      eval_size: '1000',
      num_workers: '1',
    },
  },
  {
    label: "The manual's defaults",
    detail: "Int2Int's settings: a 4-layer, 256-wide model, epochs of 300,000 examples (hours on a CPU)",
    values: {},
  },
];

/** Log lines per epoch that make a readable loss curve. */
const REPORTS_PER_EPOCH = 20;

/**
 * A report interval that gives short epochs a loss curve (Int2Int logs every 200 steps: a single point for an epoch
 * of 6,400 examples); undefined when the default already gives enough points or the user chose an interval.
 * `changed`: the values that differ from the defaults.
 */
export function reportInterval(
  params: readonly EditableParam[],
  changed: Readonly<Record<string, string>>,
): string | undefined {
  if (changed.report_loss_every !== undefined) return undefined;
  const value = (name: string) => Number(changed[name] ?? params.find((p) => p.name === name)?.spec.default);
  const steps = Math.ceil(value('epoch_size') / value('batch_size'));
  const interval = Math.max(1, Math.floor(steps / REPORTS_PER_EPOCH));
  return interval < value('report_loss_every') ? String(interval) : undefined;
}
