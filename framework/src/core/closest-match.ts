// "Did you mean ...?" suggestions for unknown names (flags, operations, config keys).

/** Levenshtein edit distance between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

/** The candidates closest to `name` (at most `limit`), if any is reasonably close. */
export function closestMatches(name: string, candidates: readonly string[], limit = 2): string[] {
  const normalized = name.toLowerCase().replace(/-/g, '_');
  const scored = candidates
    .map((candidate) => ({ candidate, distance: editDistance(normalized, candidate.toLowerCase()) }))
    .filter(({ candidate, distance }) => distance <= Math.max(2, Math.floor(candidate.length / 3)))
    .sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate));
  return scored.slice(0, limit).map(({ candidate }) => candidate);
}
