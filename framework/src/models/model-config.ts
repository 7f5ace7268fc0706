// The transformer's architecture settings, read from the core parameters (Int2Int's model flags, manual §3.2).
import { UsageError } from '../core/usage-error';
import type { CoreSettings } from '../config/core-parameters';

/** Settings of one side (encoder or decoder) of the model. */
export interface StackConfig {
  dim: number;
  layers: number;
  heads: number;
  /** Number of hidden layers of each feed-forward network (1: dim -> 4dim -> dim). */
  hiddenLayers: number;
  hasPosEmb: boolean;
}

/** The encoder-decoder transformer of Int2Int (reference §4.1). */
export interface ModelConfig {
  encoder: StackConfig;
  decoder: StackConfig;
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

function stack(params: CoreSettings, side: 'enc' | 'dec'): StackConfig {
  const dim = params[`${side}_emb_dim`];
  const heads = params[`n_${side}_heads`];
  const layers = params[`n_${side}_layers`];
  const hiddenLayers = params[`n_${side}_hidden_layers`];
  if (dim % heads !== 0) {
    throw new UsageError(
      `--${side}_emb_dim (${dim}) must be a multiple of --n_${side}_heads (${heads}): ` +
        'each attention head gets emb_dim / heads dimensions',
    );
  }
  return { dim, layers, heads, hiddenLayers, hasPosEmb: params[`${side}_has_pos_emb`] };
}

/** Reads the model flags (their ranges are declared with them) and checks how they combine. */
export function modelConfigFromParams(params: CoreSettings): ModelConfig {
  if (params.architecture !== 'encoder_decoder') {
    throw new UsageError(
      `--architecture ${params.architecture} is not implemented yet in int2int; use --architecture encoder_decoder`,
    );
  }
  return {
    encoder: stack(params, 'enc'),
    decoder: stack(params, 'dec'),
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
