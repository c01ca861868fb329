/**
 * One line per figure: `name: median unit (min–max, n=5)`, and ` goal ≤ X unit` when the figure has
 * one (issue #16 item 4). Medians, because the machines are shared.
 */
export function summarise(name: string, samples: readonly number[], unit: string, digits = 0, goal?: number): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  const f = (n: number) => n.toFixed(digits);
  const line = `${name}: ${f(median)} ${unit} (${f(sorted[0] ?? 0)}–${f(sorted[sorted.length - 1] ?? 0)}, n=${String(sorted.length)})`;
  return goal === undefined ? line : `${line} goal ≤ ${String(goal)} ${unit}`;
}
