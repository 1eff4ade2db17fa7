/** Nearest known name for a mistyped one (edit distance on Python spellings). */

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const saved = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length];
}

/** The closest candidate within a third of the name's length (at most 4 edits), or a unique prefix match. */
export function closestName(name: string, candidates: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  const limit = Math.min(4, Math.max(1, Math.floor(name.length / 3)));
  if (best && best.distance <= limit) return best.name;
  const prefixed = candidates.filter((c) => c.startsWith(name) || name.startsWith(c));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}
