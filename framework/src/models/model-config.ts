// The transformer's architecture settings, read from the core parameters (Int2Int's model flags, manual §3.2).
import { UsageError } from '../core/usage-error';
import type { ParamValues } from '../operations/parameters';

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

function num(params: ParamValues, name: string): number {
  const value = params[name];
  if (typeof value !== 'number')
    throw new Error(`Model parameter --${name} must be a number, got ${String(value)}`);
  return value;
}

function bool(params: ParamValues, name: string): boolean {
  const value = params[name];
  if (typeof value !== 'boolean')
    throw new Error(`Model parameter --${name} must be a boolean, got ${String(value)}`);
  return value;
}

function stack(params: ParamValues, side: 'enc' | 'dec'): StackConfig {
  const dim = num(params, `${side}_emb_dim`);
  const heads = num(params, `n_${side}_heads`);
  const layers = num(params, `n_${side}_layers`);
  const hiddenLayers = num(params, `n_${side}_hidden_layers`);
  if (dim % heads !== 0) {
    throw new UsageError(
      `--${side}_emb_dim (${dim}) must be a multiple of --n_${side}_heads (${heads}): ` +
        'each attention head gets emb_dim / heads dimensions',
    );
  }
  return { dim, layers, heads, hiddenLayers, hasPosEmb: bool(params, `${side}_has_pos_emb`) };
}

/** Reads the model flags (their ranges are declared with them) and checks how they combine. */
export function modelConfigFromParams(params: ParamValues): ModelConfig {
  const architecture = params.architecture;
  if (architecture !== 'encoder_decoder') {
    throw new UsageError(
      `--architecture ${String(architecture)} is not implemented yet in int2int; use --architecture encoder_decoder`,
    );
  }
  const dropout = num(params, 'dropout');
  const attentionDropout = num(params, 'attention_dropout');
  return {
    encoder: stack(params, 'enc'),
    decoder: stack(params, 'dec'),
    dropout,
    attentionDropout,
    gelu: bool(params, 'gelu_activation'),
    normAttention: bool(params, 'norm_attention'),
    shareInoutEmb: bool(params, 'share_inout_emb'),
    sinusoidalEmbeddings: bool(params, 'sinusoidal_embeddings'),
    xavInit: bool(params, 'xav_init'),
    maxSrcLen: num(params, 'max_src_len'),
  };
}
