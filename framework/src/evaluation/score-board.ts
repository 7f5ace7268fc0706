// Counters of one evaluation and the Int2Int metrics computed from them (xe_loss, acc, perfect, correct, d1-d3, per class).
import type { ClassResult, Mistake } from '../reporting/events';

/** How the verifier judged one decoded hypothesis of a row that is not a perfect match. */
export interface HypothesisScore {
  valid: boolean;
  /** The hypothesis decodes, all its tokens, to a value of the output. */
  wellFormed: boolean;
  /** The decoded value (its first element for a sequence) is a number > 0: Int2Int's d3. */
  positive: boolean;
  evalMetrics?: number[];
  errorMetrics?: number[];
}

/** Int2Int's check_prediction flags d1, d2, d3. */
const PARTIAL_CREDITS = 3;

export class ScoreBoard {
  total = 0;
  validCount = 0;
  private xeLossSum = 0;
  private perfect = 0;
  private wellFormed = 0;
  private readonly evalSums: number[];
  private readonly errorSums: number[];
  /** Non-perfect rows whose best hypothesis has d1, d2, d3. */
  private readonly partialSums = new Array<number>(PARTIAL_CREDITS).fill(0);
  /** Non-perfect rows where some hypothesis of the beam has d1, d2, d3. */
  private readonly beamPartialSums = new Array<number>(PARTIAL_CREDITS).fill(0);
  private readonly classTotal = new Map<number, number>();
  private readonly classValid = new Map<number, number>();
  /** Rows solved by any beam hypothesis (perfect rows included), per class. */
  private readonly classBeamValid = new Map<number, number>();
  private readonly mistakes: Mistake[] = [];
  /** Rows solved by any beam hypothesis (perfect rows included); reported as beam_acc in beam mode. */
  private beamValid = 0;

  /**
   * With `beam`, the metrics of the best hypothesis (acc, acc_d1, acc_<class>, ...) come with Int2Int's beam
   * metrics, where a row counts when any hypothesis of the beam does (beam_acc, beam_acc_d1, beam_acc_<class>, ...).
   */
  constructor(
    evalMetrics: number,
    errorMetrics: number,
    private readonly beam = false,
  ) {
    this.evalSums = new Array<number>(evalMetrics).fill(0);
    this.errorSums = new Array<number>(errorMetrics).fill(0);
  }

  addLoss(sum: number): void {
    this.xeLossSum += sum;
  }

  addPerfect(cls: number): void {
    this.count(cls, true);
    this.perfect++;
    this.beamValid++;
    increment(this.classBeamValid, cls);
  }

  /**
   * Scores a row that is not a perfect match from its hypotheses, at least one, best first (greedy decoding gives
   * one): the eval metrics take the best value of any hypothesis, the other metrics the best hypothesis, the beam
   * metrics any.
   */
  addPrediction(cls: number, hypotheses: readonly HypothesisScore[]): void {
    const [best] = hypotheses;
    this.count(cls, best.valid);
    if (best.wellFormed) this.wellFormed++;
    this.evalSums.forEach(
      (_, i) => (this.evalSums[i] += Math.max(...hypotheses.map((h) => h.evalMetrics?.[i] ?? 0))),
    );
    best.errorMetrics?.forEach((v, i) => i < this.errorSums.length && (this.errorSums[i] += v));
    this.partialCredit(best).forEach((credited, i) => credited && this.partialSums[i]++);
    const credits = hypotheses.map((h) => this.partialCredit(h));
    this.beamPartialSums.forEach((_, i) => credits.some((c) => c[i]) && this.beamPartialSums[i]++);
    if (hypotheses.some((h) => h.valid)) {
      this.beamValid++;
      increment(this.classBeamValid, cls);
    }
  }

  /**
   * Int2Int's check_prediction flags d1, d2, d3 of a hypothesis: d1 and d2 are set by a valid hypothesis or by the
   * operation's first and second eval metric (fraction_determinant's |error| < 1e6 and < 1e4), d3 by a positive value.
   */
  private partialCredit(hypothesis: HypothesisScore): boolean[] {
    const { valid, evalMetrics = [] } = hypothesis;
    const scored = (i: number) => i < this.evalSums.length && evalMetrics[i] > 0;
    return [valid || scored(0), valid || scored(1), hypothesis.positive];
  }

  addMistake(mistake: Mistake, keep: number): void {
    if (this.mistakes.length < keep) this.mistakes.push(mistake);
  }

  private count(cls: number, valid: boolean): void {
    this.total++;
    increment(this.classTotal, cls);
    if (valid) {
      this.validCount++;
      increment(this.classValid, cls);
    }
  }

  /**
   * Metrics named `<prefix>_<metric>` (prefix e.g. valid_arithmetic), Int2Int's greedy ones in its order (xe_loss,
   * acc, perfect, correct, acc_d1..3), then in beam mode beam_acc and beam_acc_d1..3, then acc_eval<i>,
   * acc_error<i>, acc_<class> and in beam mode beam_acc_<class>.
   */
  result(prefix: string, className: (cls: number) => string) {
    const pct = (n: number) => (100 * n) / Math.max(1, this.total);
    const metrics: Record<string, number> = {
      [`${prefix}_xe_loss`]: this.xeLossSum / Math.max(1, this.total),
      [`${prefix}_acc`]: pct(this.validCount),
      [`${prefix}_perfect`]: pct(this.perfect),
      [`${prefix}_correct`]: pct(this.perfect + this.wellFormed),
    };
    this.partialSums.forEach((sum, i) => (metrics[`${prefix}_acc_d${i + 1}`] = pct(this.perfect + sum)));
    if (this.beam) {
      metrics[`${prefix}_beam_acc`] = pct(this.beamValid);
      this.beamPartialSums.forEach(
        (sum, i) => (metrics[`${prefix}_beam_acc_d${i + 1}`] = pct(this.perfect + sum)),
      );
    }
    this.evalSums.forEach((sum, i) => (metrics[`${prefix}_acc_eval${i + 1}`] = pct(this.perfect + sum)));
    this.errorSums.forEach((sum, i) => (metrics[`${prefix}_acc_error${i + 1}`] = pct(sum)));
    const classNumbers = [...this.classTotal.keys()].sort((a, b) => a - b);
    const classes: ClassResult[] = classNumbers.map((cls) => ({
      name: className(cls),
      correct: this.classValid.get(cls) ?? 0,
      total: this.classTotal.get(cls)!,
    }));
    for (const c of classes) metrics[`${prefix}_acc_${c.name}`] = (100 * c.correct) / c.total;
    if (this.beam) {
      classNumbers.forEach((cls, i) => {
        const { name, total } = classes[i];
        metrics[`${prefix}_beam_acc_${name}`] = (100 * (this.classBeamValid.get(cls) ?? 0)) / total;
      });
    }
    return { metrics, classes, mistakes: this.mistakes };
  }
}

function increment(counts: Map<number, number>, key: number): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
