// The `__log__:{json}` line of train.log, whose numbers are written as Python's json.dumps writes them (NaN, Infinity),
// and the scores of --eval_only's `key -> value` lines as Python's %.6f writes them (nan, inf).

/** The `__log__:{...}` line of a score dictionary; a non-finite score is written NaN, Infinity or -Infinity. */
export function scoresLine(scores: Readonly<Record<string, number>>): string {
  const entries = Object.entries(scores).map(
    ([key, value]) => `${JSON.stringify(key)}:${pythonNumber(value)}`,
  );
  return `__log__:{${entries.join(',')}}`;
}

/** A score as Python's `"%.6f" % value` writes it (the `key -> value` lines of --eval_only): nan, inf, -inf. */
export function pythonFixed(value: number, digits = 6): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return value.toFixed(digits);
}

function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return JSON.stringify(value);
}

/** A string or one of the bare words Python writes for non-finite numbers, in the JSON of a `__log__` line. */
const STRING_OR_NON_FINITE = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g;
const NON_FINITE = new Map([
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
]);
/** Stands for a non-finite number while JSON.parse reads the line; no score's value is a string. */
const NON_FINITE_MARK = '\u0000non-finite:';

/** The score dictionary of a `__log__` line's JSON (`{...}`, this program's or the original's). */
export function parseScores(json: string): Record<string, number> {
  const strict = json.replace(STRING_OR_NON_FINITE, (token) =>
    NON_FINITE.has(token) ? JSON.stringify(NON_FINITE_MARK + token) : token,
  );
  return JSON.parse(strict, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(NON_FINITE_MARK)
      ? NON_FINITE.get(value.slice(NON_FINITE_MARK.length))
      : value,
  ) as Record<string, number>;
}
