// Benchmarks print one marked JSON line each; scripts/bench.mjs collects them into docs/BENCHMARKS.md.
export interface BenchResult {
  name: string;
  rows: { metric: string; value: number | string }[];
  notes?: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function report(result: BenchResult): void {
  console.log(`BENCH ${JSON.stringify(result)}`);
}
