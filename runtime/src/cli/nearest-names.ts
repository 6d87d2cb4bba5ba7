/**
 * The names nearest to a mistyped one, for "did you mean …?": those that contain it (4 characters
 * or more) or that it contains, and those a few edits away (up to 3 edits, or a third of its length for a long name),
 * nearest first, at most `limit`. Case and `-` for `_` do not count as differences.
 */
export function nearestNames(given: string, names: Iterable<string>, limit = 3): string[] {
  const wanted = normalize(given);
  if (wanted === '') return [];
  const budget = Math.max(3, Math.floor(wanted.length / 3));
  const near: { name: string; distance: number }[] = [];
  for (const name of names) {
    const candidate = normalize(name);
    const contained =
      (wanted.length >= 4 && candidate.includes(wanted)) || wanted.includes(candidate);
    const distance = contained ? 0 : editDistance(wanted, candidate);
    if (distance <= budget) near.push({ name, distance });
  }
  return near
    .sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, limit)
    .map((entry) => entry.name);
}

function normalize(name: string): string {
  return name.trim().toLowerCase().replaceAll('-', '_');
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
