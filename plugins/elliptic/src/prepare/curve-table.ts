// Reads a table of elliptic curves (label, coefficients, rank, torsion, a_p) for `int2int elliptic:prepare`.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { firstPrimes } from '../ap';
import { encodeBigInt } from '../big-positional';
import { invariantsOf } from '../weierstrass';

/** The a_p columns of a table: the 25 primes below 100, as in the ap25 files. */
export const TABLE_PRIMES = firstPrimes(25);
/** The base of the integers in the files written (that of Int2Int's elliptic data files). */
export const FILE_BASE = 1000;
const COLUMNS = 8 + TABLE_PRIMES.length;
const INTEGER = /^[+-]?\d+$/;
/** The torsion orders of curves over Q (Mazur's theorem). */
const MAZUR = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 16]);

/** One curve, with its coefficients and a_p already in the tokens of the data files. */
export interface CurveRecord {
  label: string;
  isogenyClass: string;
  /** `a1 a2 a3 a4 a6` as signed base-1000 integers, e.g. `+ 1 + 0 + 1 + 1 - 28`. */
  input: string;
  rank: number;
  torsion: number;
  /** a_2 .. a_97 as signed base-1000 integers. */
  ap: string;
}

export interface CurveTable {
  curves: CurveRecord[];
  /** Lines that repeat a curve already read, with the same data. */
  duplicates: number;
}

/** The isogeny class of a Cremona (`11a1` -> `11a`) or LMFDB (`11.a2` -> `11.a`) curve label; undefined otherwise. */
export function isogenyClassOf(label: string): string | undefined {
  return /^(\d+\.?[a-z]+)\d+$/.exec(label)?.[1];
}

/**
 * One line `label a1 a2 a3 a4 a6 rank torsion a_2 a_3 ... a_97` (whitespace separated); throws a message
 * saying what is wrong, without the position (the caller adds `file:line`).
 */
export function parseCurveLine(line: string): CurveRecord {
  const fields = line.trim().split(/\s+/);
  if (fields.length !== COLUMNS) {
    throw new Error(
      `expected ${COLUMNS} fields (label a1 a2 a3 a4 a6 rank torsion a_2 .. a_97), found ${fields.length}`,
    );
  }
  const [label, ...numbers] = fields;
  const isogenyClass = isogenyClassOf(label);
  if (!isogenyClass) throw new Error(`"${label}" is not a Cremona (11a1) or LMFDB (11.a2) curve label`);
  const bad = numbers.find((field) => !INTEGER.test(field));
  if (bad !== undefined) throw new Error(`"${bad}" is not an integer`);
  const [a1, a2, a3, a4, a6] = numbers.slice(0, 5).map(BigInt);
  if (invariantsOf([a1, a2, a3, a4, a6]).discriminant === 0n)
    throw new Error(`${label} is singular (discriminant 0)`);
  const [rank, torsion, ...aps] = numbers.slice(5).map(Number);
  if (rank < 0 || rank > 28) throw new Error(`rank ${rank} is out of 0..28`);
  if (!MAZUR.has(torsion)) throw new Error(`torsion order ${torsion} is not one of 1..10, 12, 16 (Mazur)`);
  const p = TABLE_PRIMES.find((prime, i) => aps[i] * aps[i] > 4 * prime);
  if (p !== undefined)
    throw new Error(`a_${p} = ${aps[TABLE_PRIMES.indexOf(p)]} breaks the Hasse bound |a_p| <= 2 sqrt(p)`);
  const tokens = (values: readonly bigint[]) => values.flatMap((v) => encodeBigInt(v, FILE_BASE)).join(' ');
  return {
    label,
    isogenyClass,
    input: tokens([a1, a2, a3, a4, a6]),
    rank,
    torsion,
    ap: tokens(aps.map(BigInt)),
  };
}

/**
 * Reads a table (a `.gz` path is gunzipped). Blank lines and lines starting with `#` are skipped; a curve given
 * twice with the same data is kept once, with different data it is an error. Errors read `path:line: ...`.
 */
export async function readCurveTable(path: string): Promise<CurveTable> {
  const source: Readable = path.endsWith('.gz')
    ? createReadStream(path).pipe(createGunzip())
    : createReadStream(path);
  const lines = createInterface({ input: source, crlfDelay: Infinity });
  const seen = new Map<string, { line: number; curve: CurveRecord }>();
  let duplicates = 0;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    let curve: CurveRecord;
    try {
      curve = parseCurveLine(line);
    } catch (error) {
      throw new Error(`${path}:${lineNumber}: ${(error as Error).message}`);
    }
    const first = seen.get(curve.input);
    if (!first) seen.set(curve.input, { line: lineNumber, curve });
    else if (sameData(first.curve, curve)) duplicates++;
    else
      throw new Error(
        `${path}:${lineNumber}: ${curve.label} repeats the curve of line ${first.line} with other data`,
      );
  }
  return { curves: [...seen.values()].map((entry) => entry.curve), duplicates };
}

function sameData(a: CurveRecord, b: CurveRecord): boolean {
  return a.rank === b.rank && a.torsion === b.torsion && a.ap === b.ap && a.isogenyClass === b.isogenyClass;
}
