// The core parameters of `int2int train`: every parameter of the Int2Int manual's §3, with Int2Int's defaults.
import {
  boolParam,
  floatParam,
  intParam,
  stringParam,
  type ParamSpec,
  type ParamsOf,
} from '../operations/parameters';
import { BACKEND_PREFERENCES } from '../backends/select-backend';
import { UsageError } from '../core/usage-error';
import { resolveParams, type FoundSetting } from './convert-value';

export type ParamGroup = 'experiment' | 'technical' | 'model' | 'training' | 'data' | 'evaluation';

/** A core parameter: its declaration, its group, and whether int2int implements it yet. */
export interface CoreParamSpec extends ParamSpec {
  group: ParamGroup;
  /** Set to false for a parameter of Int2Int that int2int refuses (any value but its default is an error). */
  implemented?: false;
  /** For a parameter of Int2Int that int2int refuses for good: what to use instead. */
  instead?: string;
  /** Why the parameter has no effect, for parameters accepted only for compatibility. */
  note?: string;
  /**
   * A setting of one run rather than of the experiment: it may change when the experiment is resumed. The
   * others must match the checkpoint's unless --override_params true.
   */
  perRun?: true;
}

type Spec = Omit<CoreParamSpec, 'group'>;
/** The specs of one group, each marked with the group (and `defaults`), keeping their value types. */
const group = <const S extends Record<string, Spec>>(
  g: ParamGroup,
  specs: S,
  defaults: Partial<Spec> = {},
): { readonly [K in keyof S]: S[K] & { group: ParamGroup } } =>
  Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, { ...defaults, ...s, group: g }])) as {
    [K in keyof S]: S[K] & { group: ParamGroup };
  };
const perRun = <T extends Spec>(spec: T): T & { perRun: true } => ({ ...spec, perRun: true });
const notYet = <T extends ParamSpec>(spec: T): T & { implemented: false } => ({
  ...spec,
  implemented: false,
});

/** A parameter of Int2Int's own machinery that int2int replaces: refused, with what to use instead. */
const replaced = <T extends ParamSpec>(
  spec: T,
  instead: string,
): T & { implemented: false; instead: string } => ({
  ...spec,
  implemented: false,
  instead,
});
const CLUSTER_INSTEAD =
  'int2int trains each run in one process; to use a cluster, run grids of runs with int2int sweep --executor slurm ' +
  '(a time-limit warning, SIGUSR1, checkpoints the run and requeues it)';

/** The declarations, with their value types (CoreSettings is read from them). */
const CORE_DECLARATIONS = {
  ...group('experiment', {
    dump_path: perRun(stringParam('', 'Root folder of experiments; empty means ./dumped')),
    exp_name: perRun(stringParam('debug', 'Experiment name')),
    exp_id: perRun(stringParam('', 'Experiment id; empty means 10 random letters and digits')),
    save_periodic: perRun(
      intParam(0, 'Also save checkpoint-<epoch>.ckpt every N epochs (0: never)', { min: 0 }),
    ),
    debug: perRun(boolParam(false, 'Debug run: exp_name "debug" and a random debug_<n> id')),
    operation: stringParam('data', 'The problem to train on (int2int operations:list)'),
    env_name: stringParam('arithmetic', 'Environment name (only "arithmetic")', ['arithmetic']),
    tasks: stringParam('arithmetic', 'Training tasks (only "arithmetic")', ['arithmetic']),
    export_data: perRun(
      boolParam(false, 'Write generated examples to <exp dir>/data.prefix instead of training'),
    ),
    override_params: perRun(
      boolParam(
        false,
        "Continue an experiment with settings that differ from its checkpoint's (refused otherwise)",
      ),
    ),
  }),
  ...group('technical', {
    cpu: perRun(boolParam(false, 'Run on the CPU: never use a GPU backend')),
    backend: perRun(
      stringParam('auto', `Numeric backend: ${BACKEND_PREFERENCES.join(', ')}`, [...BACKEND_PREFERENCES]),
    ),
    num_workers: intParam(10, 'Data generators (worker threads share them); 0 generates on the main thread', {
      min: 0,
    }),
    env_base_seed: intParam(-1, 'Seed of the data generators and model init; negative means random'),
    fp16: {
      ...boolParam(false, 'Half precision (GPU only in Int2Int)'),
      note: 'no effect: every int2int backend computes in float32',
    },
    amp: {
      ...intParam(-1, 'Automatic mixed precision level (GPU only in Int2Int)'),
      note: 'no effect: every int2int backend computes in float32',
    },
    local_gpu: notYet(intParam(-1, 'GPU id to use')),
    local_rank: replaced(intParam(-1, 'Multi-GPU rank (torch.distributed)'), CLUSTER_INSTEAD),
    master_port: replaced(intParam(-1, 'Master port for multi-node SLURM'), CLUSTER_INSTEAD),
    debug_slurm: replaced(
      boolParam(false, 'Treat a SLURM job as local'),
      'int2int never reads the Slurm environment of a run: a run in a Slurm job is a local run; remove it',
    ),
    windows: perRun({
      ...boolParam(false, 'Windows compatibility (no effect, as in Int2Int)'),
      note: 'no effect',
    }),
  }),
  ...group('model', {
    architecture: stringParam(
      'encoder_decoder',
      'encoder_decoder; encoder_only (BERT-like, output k read at input position k); decoder_only (GPT-like)',
      ['encoder_decoder', 'encoder_only', 'decoder_only'],
    ),
    enc_emb_dim: intParam(256, 'Encoder embedding dimension', { min: 1 }),
    dec_emb_dim: intParam(256, 'Decoder embedding dimension', { min: 1 }),
    n_enc_layers: intParam(4, 'Number of encoder layers', { min: 1 }),
    n_dec_layers: intParam(4, 'Number of decoder layers', { min: 1 }),
    n_enc_heads: intParam(8, 'Number of encoder attention heads', { min: 1 }),
    n_dec_heads: intParam(8, 'Number of decoder attention heads', { min: 1 }),
    n_enc_hidden_layers: intParam(1, 'Hidden layers in the encoder feed-forward networks', { min: 1 }),
    n_dec_hidden_layers: intParam(1, 'Hidden layers in the decoder feed-forward networks', { min: 1 }),
    xav_init: boolParam(false, 'Xavier initialisation of the output projection'),
    gelu_activation: boolParam(false, 'GELU instead of ReLU in feed-forward networks'),
    max_src_len: intParam(0, 'If > 0, cross-attention only sees the first max_src_len input positions', {
      min: 0,
    }),
    norm_attention: boolParam(false, 'Normalise queries and keys, with a trainable softmax temperature'),
    dropout: floatParam(0, 'Dropout rate', { min: 0, below: 1 }),
    attention_dropout: floatParam(0, 'Dropout rate on attention weights', { min: 0, below: 1 }),
    share_inout_emb: boolParam(true, 'Tie the decoder output projection to its token embedding'),
    sinusoidal_embeddings: boolParam(false, 'Fixed sinusoidal positional embeddings'),
    enc_has_pos_emb: boolParam(true, 'Positional embeddings in the encoder'),
    dec_has_pos_emb: boolParam(true, 'Positional embeddings in the decoder'),
    enc_loop_idx: intParam(-1, 'Shared (looped) encoder layer: -1 none, k layer k, -2 all layers in order', {
      min: -2,
    }),
    dec_loop_idx: intParam(-1, 'Shared (looped) decoder layer: -1 none, k layer k, -2 all layers in order', {
      min: -2,
    }),
    enc_loops: intParam(1, 'Passes through the looped encoder layer(s); with --enc_act, the most', {
      min: 1,
    }),
    dec_loops: intParam(1, 'Passes through the looped decoder layer(s); with --dec_act, the most', {
      min: 1,
    }),
    gated: boolParam(false, 'Copy-gate on the looped layer (--enc_loop_idx / --dec_loop_idx >= 0)'),
    enc_gated: boolParam(false, 'Copy-gates on all encoder layers'),
    dec_gated: boolParam(false, 'Copy-gates on all decoder layers'),
    scalar_gate: boolParam(false, 'Copy-gates output one value per token instead of one per dimension'),
    biased_gates: boolParam(false, 'Initialise the gate bias to gate_bias'),
    gate_bias: intParam(0, 'Gate bias initial value (with --biased_gates true)'),
    enc_act: boolParam(false, 'Adaptive computation time on the looped encoder layer (--enc_loop_idx >= 0)'),
    dec_act: boolParam(false, 'Adaptive computation time on the looped decoder layer (--dec_loop_idx >= 0)'),
    act_threshold: floatParam(
      0.01,
      'ACT halts a token once its halting probability exceeds 1 - act_threshold',
      {
        min: 0,
        below: 1,
      },
    ),
    act_ponder_coupling: floatParam(0.01, 'ACT ponder loss coefficient', { min: 0 }),
    act_biased: boolParam(false, 'Initialise the ACT halting bias to act_bias'),
    act_bias: intParam(0, 'ACT halting bias value (with --act_biased true)'),
    lstm: boolParam(
      false,
      'A recurrent (LSTM, or GRU with --GRU true) sequence-to-sequence model instead of a transformer',
    ),
    GRU: boolParam(false, 'GRU cells instead of LSTM cells (with --lstm true)'),
    bidirectional: boolParam(false, 'Bidirectional recurrent layers (with --lstm true)'),
    lstm_hidden_dim: intParam(2048, 'Hidden dimension of the recurrent layers (with --lstm true)', {
      min: 1,
    }),
  }),
  ...group('training', {
    optimizer: stringParam(
      'adam,lr=0.0001',
      'Optimizer and its settings, e.g. adam_warmup,lr=0.0001,warmup_updates=4000',
    ),
    clip_grad_norm: floatParam(5, 'Clip gradients to this global L2 norm (0: no clipping)', { min: 0 }),
    accumulate_gradients: intParam(1, 'Update the weights every N batches', { min: 1 }),
    batch_size: intParam(32, 'Training batch size', { min: 1 }),
    epoch_size: intParam(300000, 'Training examples per epoch', { min: 1 }),
    max_epoch: perRun(intParam(100000, 'Epochs of the experiment, counted from its start', { min: 1 })),
    stopping_criterion: perRun(
      stringParam('', 'metric,N: stop when metric has not improved for N epochs (_metric: lower is better)'),
    ),
    validation_metrics: perRun(
      stringParam('', 'Comma list of metrics whose best values save best-<metric>.ckpt'),
    ),
    report_loss_every: perRun(intParam(200, 'Print the training log line every N steps', { min: 1 })),
    nan_policy: perRun(
      stringParam(
        'stop',
        'A non-finite loss or gradient: stop (the run ends, the last checkpoint is kept) or skip (the batch is dropped and counted)',
        ['stop', 'skip'],
      ),
    ),
  }),
  ...group('data', {
    max_len: intParam(512, 'Discard examples with more input or output tokens (<= 0: no limit)'),
    train_data: stringParam('', 'Training file (Int2Int format; .gz is read directly)'),
    reload_size: intParam(
      -1,
      'Use the first N examples of the training file (-1: all); the chunk size with batch_load',
      { min: -1 },
    ),
    batch_load: boolParam(false, 'Read the training file in order, in chunks of reload_size examples'),
    two_classes: boolParam(
      false,
      'Repeat the first first_class_size training examples with probability first_class_prob',
    ),
    first_class_size: intParam(1000000, 'Size of the repeated subset (two_classes)', { min: 1 }),
    first_class_prob: floatParam(0.25, 'Probability of drawing from the repeated subset (two_classes)', {
      min: 0,
      max: 1,
    }),
  }),
  ...group(
    'evaluation',
    {
      eval_data: stringParam('', 'Evaluation file(s), comma separated: valid, then test, test2, ...'),
      eval_size: intParam(10000, 'Number of generated evaluation examples', { min: 1 }),
      eval_data_size: intParam(-1, 'Use the first N examples of each evaluation file (-1: all)', { min: -1 }),
      batch_size_eval: intParam(128, 'Evaluation batch size', { min: 1 }),
      max_output_len: intParam(512, 'Maximum length of decoded outputs', { min: 1 }),
      beam_eval: boolParam(false, 'Evaluate with beam search (the manual also calls it --beam_search)'),
      beam_size: intParam(1, 'Beam width', { min: 1 }),
      beam_length_penalty: floatParam(1, 'Hypothesis score = sum of log-probabilities / length^penalty'),
      beam_early_stopping: boolParam(true, 'Stop a beam as soon as beam_size hypotheses are finished'),
      beam_eval_train: { ...intParam(0, 'Unused in Int2Int'), note: 'no effect' },
      eval_only: boolParam(false, 'Evaluate the model once and exit'),
      eval_from_exp: stringParam(
        '',
        'With eval_only: evaluate the best (or last) checkpoint of this experiment',
      ),
      reload_model: stringParam('', 'Initialise the model with the weights of this checkpoint'),
      reload_checkpoint: stringParam('', 'Resume from this checkpoint when the experiment has none'),
      eval_verbose: intParam(
        0,
        'Write the predictions to eval.<split>.arithmetic.<epoch> (1: errors decoded, 2: all)',
        { min: 0, max: 2 },
      ),
      eval_verbose_print: boolParam(false, 'Also print the predictions in the log'),
      export_pred: boolParam(
        false,
        'Write and log the table of true and predicted classes (outputs up to max_class), per evaluation',
      ),
    },
    { perRun: true },
  ),
} satisfies Record<string, CoreParamSpec>;

/** The core settings of a run, typed from their declarations (`core.batch_size` is a number). */
export type CoreSettings = ParamsOf<typeof CORE_DECLARATIONS>;

/** The core settings, each found by `lookup` (converted and checked) or its default. */
export function resolveCoreSettings(lookup: (name: string) => FoundSetting | undefined): CoreSettings {
  return resolveParams(CORE_DECLARATIONS, lookup);
}

/** The defaults of the core settings with `overrides` (checked against their declarations), for code and tests. */
export function coreSettings(overrides: Partial<CoreSettings> = {}): CoreSettings {
  const given: Readonly<Record<string, unknown>> = overrides;
  for (const name of Object.keys(given)) {
    if (!(name in CORE_DECLARATIONS)) throw new UsageError(`Unknown core setting ${name}`);
  }
  return resolveCoreSettings((name) =>
    given[name] === undefined ? undefined : { source: `--${name}`, raw: given[name] },
  );
}

/** The core parameters by name: every parameter of the manual's §3. */
export const CORE_PARAMETERS: Readonly<Record<string, CoreParamSpec>> = CORE_DECLARATIONS;

/** Spellings used by the manual for some parameters, mapped to their Int2Int names. */
export const PARAMETER_ALIASES: Readonly<Record<string, string>> = {
  base_env_seed: 'env_base_seed',
  max_epochs: 'max_epoch',
  n_enc_hidden_layer: 'n_enc_hidden_layers',
  n_dec_hidden_layer: 'n_dec_hidden_layers',
  beam_search: 'beam_eval',
};
