// Whole-number shares that add up exactly: persona counts per archetype, and report shares
// in thousandths. Largest remainder (Hamilton's method): floor every quota, then hand the
// leftover units to the largest fractional parts, earlier entries first on ties.

export function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((acc, weight) => acc + Math.max(0, weight), 0);
  if (weights.length === 0) return [];
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const quotas = weights.map((weight) => (Math.max(0, weight) / sum) * total);
  const counts = quotas.map(Math.floor);
  let left = total - counts.reduce((acc, count) => acc + count, 0);
  const order = quotas
    .map((quota, i) => ({ i, rest: quota - Math.floor(quota) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i]! += 1;
    left -= 1;
  }
  return counts;
}

/** Shares of a whole as fractions with three decimals that sum to exactly 1 (or all 0). */
export function sharesOf(counts: readonly number[]): number[] {
  const total = counts.reduce((acc, count) => acc + count, 0);
  if (total === 0) return counts.map(() => 0);
  return apportion(counts, 1000).map((thousandths) => thousandths / 1000);
}
