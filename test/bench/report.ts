/** One figure per line, as `npm run bench` promises: `BENCH <name> <value> <unit>`. */
export function bench(name: string, value: number, unit: string): void {
  console.log(`BENCH ${name} ${Number.isInteger(value) ? value : value.toFixed(2)} ${unit}`);
}

/** The p-th percentile of a sample. */
export function pct(xs: readonly number[], p: number): number {
  return [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
}
