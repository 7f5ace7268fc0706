// A table of curves for `int2int elliptic:prepare` (label a1 a2 a3 a4 a6 rank torsion a_2 ... a_97), rebuilt from the
// test split of ../shared/data/elliptic: the input the elliptic README's command leaves to its reader.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

/** The lines of a gzipped text file, without the last empty one. */
export function gzipLines(file: string): string[] {
  return zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n');
}

/** Integers written as Int2Int writes them: a sign token, then base-1000 digits (`- 12 106 875` is -12106875). */
export function decodeIntegers(tokens: string): bigint[] {
  const numbers: bigint[] = [];
  const signs: bigint[] = [];
  for (const token of tokens.trim().split(' ')) {
    if (token === '+' || token === '-') {
      signs.push(token === '-' ? -1n : 1n);
      numbers.push(0n);
    } else {
      numbers[numbers.length - 1] = numbers[numbers.length - 1] * 1000n + BigInt(token);
    }
  }
  return numbers.map((magnitude, i) => magnitude * signs[i]);
}

/** Writes the test curves of `dataDir` (labels, rank, torsion and a_p files) as a table to `file`. */
export function writeCurveTable(file: string, dataDir: string): void {
  const read = (name: string) => gzipLines(path.join(dataDir, name));
  const [labels, ranks, torsions, aps] = [
    'test.labels.gz',
    'rank.test.gz',
    'torsion.test.gz',
    'ap25.test.gz',
  ].map(read);
  const table = labels.map((label, i) => {
    const [coefficients, rank] = ranks[i].split('\t');
    const [sameCoefficients, ap] = aps[i].split('\t');
    if (sameCoefficients !== coefficients)
      throw new Error(`line ${i + 1} is not the same curve in every file`);
    return [
      label,
      ...decodeIntegers(coefficients),
      rank,
      torsions[i].split('\t')[1],
      ...decodeIntegers(ap),
    ].join(' ');
  });
  fs.writeFileSync(file, `# label a1 a2 a3 a4 a6 rank torsion a_2 a_3 a_5 ... a_97\n${table.join('\n')}\n`);
}
