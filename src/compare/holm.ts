/**
 * Holm's step-down procedure: which of a family of p-values are significant with the chance of any
 * false one at most `alpha`, under any dependence between them. The smallest p is held to
 * alpha / m, the next to alpha / (m - 1), and so on until one fails.
 */
export function holm(ps: readonly number[], alpha: number): boolean[] {
  const order = ps.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p);
  const significant = ps.map(() => false);
  for (const [rank, { p, index }] of order.entries()) {
    if (p > alpha / (ps.length - rank)) break;
    significant[index] = true;
  }
  return significant;
}
