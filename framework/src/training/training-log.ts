// The training log line of the manual §2.1: step, examples/s, words/s, loss and learning rate (and ACT's passes).

/** Python's `{:.4e}`: `1.0000e-04`. */
export function formatScientific(value: number): string {
  const [mantissa, exponent] = value.toExponential(4).split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[-+]/, '').padStart(2, '0')}`;
}

/** `    200 -  130.40 examples/s -  1303.96 words/s - ARITHMETIC:  0.7579 - LR: 1.0000e-04` */
export function formatTrainingLine(
  step: number,
  examplesPerSecond: number,
  wordsPerSecond: number,
  loss: number,
  lr: number,
) {
  return (
    `${String(step).padStart(7)} - ${examplesPerSecond.toFixed(2).padStart(7)} examples/s - ` +
    `${wordsPerSecond.toFixed(2).padStart(8)} words/s - ARITHMETIC: ${loss.toFixed(4).padStart(7)} - ` +
    `LR: ${formatScientific(lr)}`
  );
}

/** ACT's mean passes per token over the steps of one report, by module, and their place in the log line. */
export class HaltingMeans {
  private readonly sums: Partial<Record<'encoder' | 'decoder', { total: number; steps: number }>> = {};

  add(passes: Partial<Record<'encoder' | 'decoder', number>> | undefined): void {
    for (const [name, value] of Object.entries(passes ?? {}) as Array<['encoder' | 'decoder', number]>) {
      const sum = (this.sums[name] ??= { total: 0, steps: 0 });
      sum.total += value;
      sum.steps++;
    }
  }

  /** undefined when no module halts. */
  means(): Partial<Record<'encoder' | 'decoder', number>> | undefined {
    const entries = Object.entries(this.sums).map(([name, s]) => [name, s.total / s.steps] as const);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }

  /** ` - ACT passes: encoder 2.31, decoder 1.87`, or nothing. */
  logText(): string {
    const means = this.means();
    if (means === undefined) return '';
    return ` - ACT passes: ${Object.entries(means)
      .map(([name, mean]) => `${name} ${mean.toFixed(2)}`)
      .join(', ')}`;
  }
}
