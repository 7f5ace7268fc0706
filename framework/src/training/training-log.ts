// The training log line of the manual §2.1: step, examples/s, words/s, loss and learning rate.

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
