// Beam search over a decoder step function (Int2Int's generate_beam, from XLM): hypotheses per row, best first.
import { EOS_INDEX, PAD_INDEX } from '../tokenizers/vocabulary';

export interface BeamOptions {
  beamSize: number;
  /** Tokens generated after BOS at most (Int2Int: max_output_len + 1, the EOS included). */
  maxLen: number;
  /** A hypothesis scores sum(log p) / (its length + 1)^lengthPenalty (the BOS counts, the EOS does not). */
  lengthPenalty: number;
  /** A row is done as soon as beamSize hypotheses are finished. */
  earlyStopping: boolean;
}

export interface BeamHypothesis {
  /** Ids after BOS, without the final EOS. */
  tokens: number[];
  score: number;
  /** Whether the hypothesis ended with EOS (false: it reached maxLen). */
  finished: boolean;
}

/** The best `size` hypotheses of one row (Int2Int's BeamHypotheses). */
export class BeamHypotheses {
  private readonly hypotheses: BeamHypothesis[] = [];

  constructor(private readonly options: BeamOptions) {}

  add(tokens: number[], sumLogProbs: number, finished: boolean): void {
    const score = sumLogProbs / (tokens.length + 1) ** this.options.lengthPenalty;
    if (this.hypotheses.length >= this.options.beamSize && score <= this.worstScore()) return;
    this.hypotheses.push({ tokens, score, finished });
    this.hypotheses.sort((a, b) => b.score - a.score);
    if (this.hypotheses.length > this.options.beamSize) this.hypotheses.pop();
  }

  private worstScore(): number {
    return this.hypotheses[this.hypotheses.length - 1].score;
  }

  /** Whether no later hypothesis can enter the list, given the best sum of log-probabilities still running. */
  isDone(bestSumLogProbs: number): boolean {
    if (this.hypotheses.length < this.options.beamSize) return false;
    if (this.options.earlyStopping) return true;
    return this.worstScore() >= bestSumLogProbs / this.options.maxLen ** this.options.lengthPenalty;
  }

  best(): BeamHypothesis[] {
    return [...this.hypotheses];
  }
}

/**
 * Decodes `batchSize` rows with `beamSize` beams each. `step(previous, position, reorder)` must resolve to the
 * log-probabilities float32 [batchSize*beamSize, vocabSize] of the next token after `previous` (one id per beam),
 * first reordering its cache so that beam i continues the beam `reorder[i]` (null at position 0).
 */
export async function beamSearch(
  batchSize: number,
  vocabSize: number,
  options: BeamOptions,
  step: (previous: Int32Array, position: number, reorder: Int32Array | null) => Promise<Float32Array>,
): Promise<BeamHypothesis[][]> {
  const K = options.beamSize;
  const n = batchSize * K;
  const hypotheses = Array.from({ length: batchSize }, () => new BeamHypotheses(options));
  const done = new Array<boolean>(batchSize).fill(false);
  let scores = Float64Array.from({ length: n }, (_, i) => (i % K === 0 ? 0 : -1e9));
  let beams: number[][] = Array.from({ length: n }, () => []);
  let previous = new Int32Array(n).fill(EOS_INDEX);
  let reorder: Int32Array | null = null;
  for (let position = 0; position < options.maxLen; position++) {
    const logProbs = await step(previous, position, reorder);
    const nextScores = new Float64Array(n);
    const nextTokens = new Int32Array(n).fill(PAD_INDEX);
    const nextBeams = new Int32Array(n);
    for (let row = 0; row < batchSize; row++) {
      for (let k = 0; k < K; k++) nextBeams[row * K + k] = row * K;
      if (done[row]) continue;
      const candidates = topCandidates(logProbs, scores, row, K, vocabSize);
      let filled = 0;
      for (const { value, beam, token } of candidates) {
        if (token === EOS_INDEX || position + 1 === options.maxLen) {
          hypotheses[row].add(beams[beam], value, token === EOS_INDEX);
        } else if (filled < K) {
          const slot = row * K + filled++;
          [nextScores[slot], nextTokens[slot], nextBeams[slot]] = [value, token, beam];
        }
        if (filled === K) break;
      }
      done[row] = hypotheses[row].isDone(candidates[0].value);
    }
    if (done.every(Boolean)) break;
    beams = Array.from(nextBeams, (beam, i) => [...beams[beam], nextTokens[i]]);
    scores = nextScores;
    previous = nextTokens;
    reorder = nextBeams;
  }
  return hypotheses.map((h) => h.best());
}

/** The 2K best (beam score + log p) continuations of a row's K beams, best first. */
function topCandidates(
  logProbs: Float32Array,
  scores: Float64Array,
  row: number,
  K: number,
  vocabSize: number,
) {
  const keep = 2 * K;
  const best: Array<{ value: number; beam: number; token: number }> = [];
  for (let k = 0; k < K; k++) {
    const beam = row * K + k;
    const offset = beam * vocabSize;
    for (let token = 0; token < vocabSize; token++) {
      const value = scores[beam] + logProbs[offset + token];
      if (best.length === keep && value <= best[keep - 1].value) continue;
      let i = best.length;
      while (i > 0 && best[i - 1].value < value) i--;
      best.splice(i, 0, { value, beam, token });
      if (best.length > keep) best.pop();
    }
  }
  return best;
}
