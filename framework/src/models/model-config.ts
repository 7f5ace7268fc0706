// The transformer's architecture settings, read from the core parameters (Int2Int's model flags, manual §3.6).
import { UsageError } from '../core/usage-error';
import { CORE_PARAMETERS, type CoreSettings } from '../config/core-parameters';

/** encoder_decoder, encoder_only or decoder_only (the options of --architecture). */
export type Architecture = CoreSettings['architecture'];

/** Adaptive Computation Time on a stack's looped layer (Graves 2016; manual §3.6). */
export interface ActConfig {
  /** A token halts once its cumulative halting probability exceeds 1 - threshold. */
  threshold: number;
  /** Weight of the ponder penalty (the mean remainder) in the loss. */
  ponderCoupling: number;
  /** Initial bias of the halting unit (--act_biased), else PyTorch's default init. */
  initialBias: number | undefined;
}

/** Settings of one side (encoder or decoder) of the model. */
export interface StackConfig {
  dim: number;
  layers: number;
  heads: number;
  /** Number of hidden layers of each feed-forward network (1: dim -> 4dim -> dim). */
  hiddenLayers: number;
  hasPosEmb: boolean;
  /** The shared (looped) layer: -1 none, k >= 0 layer k, -2 every layer, in order. */
  loopIdx: number;
  /** Passes through the looped layer(s): the most passes with ACT. */
  loops: number;
  /** Per layer, whether it has a copy-gate. */
  gated: boolean[];
  /** ACT on layer loopIdx, or undefined. */
  act: ActConfig | undefined;
}

/** The copy-gates' settings (Csordas et al.), common to every gated layer. */
export interface GateConfig {
  /** One gate value per token instead of one per dimension. */
  scalar: boolean;
  /** Initial bias of the gate's output layer (--biased_gates), else PyTorch's default init. */
  initialBias: number | undefined;
}

/** The recurrent sequence-to-sequence model (--lstm true): its cells and their width. */
export interface RecurrentConfig {
  cell: 'lstm' | 'gru';
  /** --lstm_hidden_dim */
  hidden: number;
  bidirectional: boolean;
}

/**
 * The models of Int2Int (reference §4.1): the transformers (encoder-decoder, encoder only or decoder only), or the
 * recurrent encoder-decoder when `recurrent` is set.
 */
export interface ModelConfig {
  architecture: Architecture;
  /** LSTM or GRU layers instead of transformer layers (encoder-decoder only). */
  recurrent: RecurrentConfig | undefined;
  encoder: StackConfig;
  decoder: StackConfig;
  gate: GateConfig;
  dropout: number;
  attentionDropout: number;
  gelu: boolean;
  normAttention: boolean;
  shareInoutEmb: boolean;
  sinusoidalEmbeddings: boolean;
  xavInit: boolean;
  /** If > 0, cross-attention only sees the first maxSrcLen input positions. */
  maxSrcLen: number;
}

/** The order in which a stack applies its layers, one layer index per pass (L0 L1 L1 L1 L2 for loop_idx 1). */
export function layerPasses(stack: Pick<StackConfig, 'layers' | 'loopIdx' | 'loops'>): number[] {
  const all = Array.from({ length: stack.layers }, (_, i) => i);
  if (stack.loopIdx === -2) return Array.from({ length: stack.loops }, () => all).flat();
  return all.flatMap((i) => (i === stack.loopIdx ? new Array<number>(stack.loops).fill(i) : [i]));
}

/** A stack's passes as it runs them: one pass of a layer, or ACT's block over the passes of its looped layer. */
export interface StackStep {
  layer: number;
  /** Index of the step's first pass in layerPasses (a decoder keeps one self-attention cache per pass). */
  firstPass: number;
  passes: number;
  act: boolean;
}

export function stackSteps(stack: StackConfig): StackStep[] {
  const steps: StackStep[] = [];
  layerPasses(stack).forEach((layer, pass) => {
    const last = steps.at(-1);
    const act = stack.act !== undefined && layer === stack.loopIdx;
    if (act && last?.act && last.layer === layer) last.passes++;
    else steps.push({ layer, firstPass: pass, passes: 1, act });
  });
  return steps;
}

function stack(params: CoreSettings, side: 'enc' | 'dec'): StackConfig {
  const dim = params[`${side}_emb_dim`];
  const heads = params[`n_${side}_heads`];
  const layers = params[`n_${side}_layers`];
  const hiddenLayers = params[`n_${side}_hidden_layers`];
  const loopIdx = params[`${side}_loop_idx`];
  const loops = params[`${side}_loops`];
  const act = params[`${side}_act`];
  if (!params.lstm && dim % heads !== 0) {
    throw new UsageError(
      `--${side}_emb_dim (${dim}) must be a multiple of --n_${side}_heads (${heads}): ` +
        'each attention head gets emb_dim / heads dimensions',
    );
  }
  if (loopIdx >= layers) {
    throw new UsageError(
      `--${side}_loop_idx (${loopIdx}) must name one of the --n_${side}_layers ${layers} layers (0 to ${layers - 1}), ` +
        'or be -1 (no shared layer) or -2 (all layers shared)',
    );
  }
  if (loops > 1 && loopIdx === -1) {
    throw new UsageError(
      `--${side}_loops ${loops} needs a shared layer: set --${side}_loop_idx to a layer index, or -2 for all layers`,
    );
  }
  if (act && loopIdx < 0) {
    throw new UsageError(
      `--${side}_act true halts the passes through one shared layer: set --${side}_loop_idx to a layer index ` +
        `(0 to ${layers - 1}) and --${side}_loops to the most passes`,
    );
  }
  const gatedLayer = (i: number) =>
    params[`${side}_gated`] || (params.gated && (loopIdx === i || loopIdx === -2));
  return {
    dim,
    layers,
    heads,
    hiddenLayers,
    hasPosEmb: params[`${side}_has_pos_emb`],
    loopIdx,
    loops,
    gated: Array.from({ length: layers }, (_, i) => gatedLayer(i)),
    act: act
      ? {
          threshold: params.act_threshold,
          ponderCoupling: params.act_ponder_coupling,
          initialBias: params.act_biased ? params.act_bias : undefined,
        }
      : undefined,
  };
}

/** The flags of the side that an architecture does not build: set, they would silently do nothing. */
function checkUnusedSide(params: CoreSettings, architecture: Architecture): void {
  const unused =
    architecture === 'encoder_only' ? 'dec' : architecture === 'decoder_only' ? 'enc' : undefined;
  if (unused === undefined) return;
  const flags = [`${unused}_loop_idx`, `${unused}_act`, `${unused}_gated`] as const;
  for (const flag of flags) {
    if (params[flag] !== CORE_PARAMETERS[flag].default) {
      throw new UsageError(
        `--${flag} ${String(params[flag])} has no effect with --architecture ${architecture}, which has no ` +
          `${unused === 'enc' ? 'encoder' : 'decoder'}: use --${flag.replace(unused, unused === 'enc' ? 'dec' : 'enc')}`,
      );
    }
  }
}

/** The recurrent model's settings, or undefined for a transformer; refuses what the two cannot combine. */
function recurrentConfig(params: CoreSettings): RecurrentConfig | undefined {
  if (!params.lstm) {
    const recurrentOnly = ['GRU', 'bidirectional', 'lstm_hidden_dim'] as const;
    for (const flag of recurrentOnly) {
      if (params[flag] !== CORE_PARAMETERS[flag].default) {
        throw new UsageError(
          `--${flag} ${String(params[flag])} sets up the recurrent model: add --lstm true, or leave --${flag} out`,
        );
      }
    }
    return undefined;
  }
  if (params.architecture !== 'encoder_decoder') {
    throw new UsageError(
      `--lstm true builds a recurrent encoder-decoder and cannot be combined with --architecture ${params.architecture}: ` +
        'leave one of them out',
    );
  }
  const same = [
    ['enc_emb_dim', 'dec_emb_dim', "the decoder continues from the encoder's states"],
    ['n_enc_layers', 'n_dec_layers', "each decoder layer starts from the final state of the encoder's layer"],
  ] as const;
  for (const [enc, dec, why] of same) {
    if (params[enc] !== params[dec]) {
      throw new UsageError(
        `--lstm true needs --${enc} (${params[enc]}) and --${dec} (${params[dec]}) to be equal: ${why}`,
      );
    }
  }
  const transformerOnly = [
    'enc_loop_idx',
    'dec_loop_idx',
    'gated',
    'enc_gated',
    'dec_gated',
    'enc_act',
    'dec_act',
  ] as const;
  for (const flag of transformerOnly) {
    if (params[flag] !== CORE_PARAMETERS[flag].default) {
      throw new UsageError(
        `--${flag} ${String(params[flag])} applies to transformer layers and has no effect with --lstm true: ` +
          `leave one of them out`,
      );
    }
  }
  return {
    cell: params.GRU ? 'gru' : 'lstm',
    hidden: params.lstm_hidden_dim,
    bidirectional: params.bidirectional,
  };
}

/** Reads the model flags (their ranges are declared with them) and checks how they combine. */
export function modelConfigFromParams(params: CoreSettings): ModelConfig {
  const { architecture } = params;
  const recurrent = recurrentConfig(params);
  checkUnusedSide(params, architecture);
  const encoder = stack(params, 'enc');
  const decoder = stack(params, 'dec');
  const sides =
    architecture === 'encoder_only'
      ? [encoder]
      : architecture === 'decoder_only'
        ? [decoder]
        : [encoder, decoder];
  if (params.gated && !sides.some((side) => side.loopIdx !== -1)) {
    throw new UsageError(
      '--gated true puts a copy-gate on the shared layer, and there is none: set --enc_loop_idx or --dec_loop_idx, ' +
        'or gate every layer with --enc_gated true / --dec_gated true',
    );
  }
  return {
    architecture,
    recurrent,
    encoder,
    decoder,
    gate: { scalar: params.scalar_gate, initialBias: params.biased_gates ? params.gate_bias : undefined },
    dropout: params.dropout,
    attentionDropout: params.attention_dropout,
    gelu: params.gelu_activation,
    normAttention: params.norm_attention,
    shareInoutEmb: params.share_inout_emb,
    sinusoidalEmbeddings: params.sinusoidal_embeddings,
    xavInit: params.xav_init,
    maxSrcLen: params.max_src_len,
  };
}
