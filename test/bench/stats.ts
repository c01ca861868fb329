/** One line per figure: `name: median unit (min–max, n=5)`. Medians, because the machines are shared. */
export function summarise(name: string, samples: readonly number[], unit: string, digits = 0): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  const f = (n: number) => n.toFixed(digits);
  return `${name}: ${f(median)} ${unit} (${f(sorted[0] ?? 0)}–${f(sorted[sorted.length - 1] ?? 0)}, n=${sorted.length})`;
}
