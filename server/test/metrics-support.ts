// Reading Prometheus text the way a scraper does: the sum of a metric's samples whose labels include the
// given ones, so tests assert on what /metrics answers rather than on prom-client's objects.

const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g;

export function sampleSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = SAMPLE.exec(line.trim());
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) sum += Number(match[3]);
  }
  return sum;
}

/** Every value a label takes in a metric's samples (to prove no raw URL or id became a label). */
export function labelValues(text: string, name: string, label: string): string[] {
  const values = new Set<string>();
  for (const line of text.split('\n')) {
    const match = SAMPLE.exec(line.trim());
    if (!match || !match[1]!.startsWith(name)) continue;
    for (const m of (match[2] ?? '').matchAll(LABEL)) if (m[1] === label) values.add(m[2]!);
  }
  return [...values].sort();
}
