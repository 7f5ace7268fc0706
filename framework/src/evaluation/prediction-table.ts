// The --export_pred table of an evaluation: how often each true class is predicted as each class (a confusion table).

/** What a prediction counts as: the class of the predicted value, or INVALID when it does not decode. */
export const INVALID = -1;

const SHOWN_PREDICTIONS = 3;

export class PredictionTable {
  /** counts[true class][predicted class or INVALID] */
  private readonly counts = new Map<number, Map<number, number>>();

  add(trueClass: number, predictedClass: number): void {
    let row = this.counts.get(trueClass);
    if (!row) this.counts.set(trueClass, (row = new Map<number, number>()));
    row.set(predictedClass, (row.get(predictedClass) ?? 0) + 1);
  }

  /**
   * The whole table as CSV: a row per true class, a column per class predicted or true, then `invalid` (outputs
   * that do not decode) and `total`.
   */
  toCsv(className: (cls: number) => string): string {
    const trueClasses = [...this.counts.keys()].sort((a, b) => a - b);
    const predicted = new Set(trueClasses);
    for (const row of this.counts.values())
      for (const cls of row.keys()) if (cls !== INVALID) predicted.add(cls);
    const columns = [...predicted].sort((a, b) => a - b);
    const lines = [['true\\predicted', ...columns.map(className), 'invalid', 'total'].join(',')];
    for (const cls of trueClasses) {
      const row = this.counts.get(cls)!;
      const cells = [...columns, INVALID].map((c) => row.get(c) ?? 0);
      lines.push([className(cls), ...cells, total(row)].join(','));
    }
    return lines.join('\n') + '\n';
  }

  /**
   * The table as log lines: per true class, its examples, the share predicted right and the most frequent
   * predictions, e.g. `    4       830    97.1%  4 (97.1%), 2 (2.2%), 8 (0.4%), others (0.3%)`.
   */
  toLines(className: (cls: number) => string): string[] {
    const name = (cls: number) => (cls === INVALID ? 'invalid' : className(cls));
    const rows = [...this.counts.keys()]
      .sort((a, b) => a - b)
      .map((cls) => {
        const row = this.counts.get(cls)!;
        const n = total(row);
        const share = (count: number) => `${((100 * count) / n).toFixed(1)}%`;
        const last = (c: number) => (c === INVALID ? Infinity : c); // among equals, invalid comes last
        const sorted = [...row.entries()].sort(([a, x], [b, y]) => y - x || last(a) - last(b));
        const frequent = sorted
          .slice(0, SHOWN_PREDICTIONS)
          .map(([predicted, count]) => `${name(predicted)} (${share(count)})`);
        const rest = sorted.slice(SHOWN_PREDICTIONS).reduce((sum, [, count]) => sum + count, 0);
        if (rest > 0) frequent.push(`others (${share(rest)})`);
        return [name(cls), String(n), share(row.get(cls) ?? 0), frequent.join(', ')];
      });
    const header = ['class', 'examples', 'correct', 'most frequent predictions'];
    const widths = header.slice(0, 3).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const format = (cells: string[]) =>
      cells
        .map((cell, i) => (i < 3 ? cell.padStart(widths[i]) : cell))
        .join('  ')
        .trimEnd();
    return [format(header), ...rows.map(format)];
  }
}

function total(row: Map<number, number>): number {
  let sum = 0;
  for (const count of row.values()) sum += count;
  return sum;
}
