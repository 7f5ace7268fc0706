// Counters of one evaluation and the Int2Int metrics computed from them (xe_loss, acc, perfect, correct, per class).
import type { ClassResult, Mistake } from '../reporting/events';

export class ScoreBoard {
  total = 0;
  validCount = 0;
  private xeLossSum = 0;
  private perfect = 0;
  private wellFormed = 0;
  private readonly evalSums: number[];
  private readonly errorSums: number[];
  private readonly classTotal = new Map<number, number>();
  private readonly classValid = new Map<number, number>();
  private readonly mistakes: Mistake[] = [];
  /** Rows solved by any beam hypothesis (perfect rows included); reported as beam_acc in beam mode. */
  private beamValid = 0;

  /** With `beam`, beam_acc (any hypothesis of the beam correct) is reported beside acc (the best hypothesis). */
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
  }

  addBeamResult(anyValid: boolean): void {
    if (anyValid) this.beamValid++;
  }

  addPrediction(
    cls: number,
    valid: boolean,
    wellFormed: boolean,
    evalMetrics?: number[],
    errorMetrics?: number[],
  ): void {
    this.count(cls, valid);
    if (wellFormed) this.wellFormed++;
    evalMetrics?.forEach((v, i) => i < this.evalSums.length && (this.evalSums[i] += v));
    errorMetrics?.forEach((v, i) => i < this.errorSums.length && (this.errorSums[i] += v));
  }

  addMistake(mistake: Mistake, keep: number): void {
    if (this.mistakes.length < keep) this.mistakes.push(mistake);
  }

  private count(cls: number, valid: boolean): void {
    this.total++;
    this.classTotal.set(cls, (this.classTotal.get(cls) ?? 0) + 1);
    if (valid) {
      this.validCount++;
      this.classValid.set(cls, (this.classValid.get(cls) ?? 0) + 1);
    }
  }

  /** Metrics named `<prefix>_<metric>` (prefix e.g. valid_arithmetic), in Int2Int's order. */
  result(prefix: string, className: (cls: number) => string) {
    const pct = (n: number) => (100 * n) / Math.max(1, this.total);
    const metrics: Record<string, number> = {
      [`${prefix}_xe_loss`]: this.xeLossSum / Math.max(1, this.total),
      [`${prefix}_acc`]: pct(this.validCount),
      [`${prefix}_perfect`]: pct(this.perfect),
      [`${prefix}_correct`]: pct(this.perfect + this.wellFormed),
    };
    if (this.beam) metrics[`${prefix}_beam_acc`] = pct(this.beamValid);
    this.evalSums.forEach((sum, i) => (metrics[`${prefix}_acc_eval${i + 1}`] = pct(this.perfect + sum)));
    this.errorSums.forEach((sum, i) => (metrics[`${prefix}_acc_error${i + 1}`] = pct(sum)));
    const classes: ClassResult[] = [...this.classTotal.keys()]
      .sort((a, b) => a - b)
      .map((cls) => ({
        name: className(cls),
        correct: this.classValid.get(cls) ?? 0,
        total: this.classTotal.get(cls)!,
      }));
    for (const c of classes) metrics[`${prefix}_acc_${c.name}`] = (100 * c.correct) / c.total;
    return { metrics, classes, mistakes: this.mistakes };
  }
}
