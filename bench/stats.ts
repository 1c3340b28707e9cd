/** One measured run: a workload against one system at one concurrency. */
export interface RunStats {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const k = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[k];
}

export function summarize(latencies: number[], errors: number, seconds: number): RunStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

/** The median of the finite values (NaN when there are none). */
export function median(values: number[]): number {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median of repeats and the spread (min–max) of each figure. */
export interface Aggregate {
  repeats: RunStats[];
  rps: number;
  rpsMin: number;
  rpsMax: number;
  p50: number;
  p50Min: number;
  p50Max: number;
  p95: number;
  p99: number;
  errors: number;
  requests: number;
}

export function aggregate(repeats: RunStats[]): Aggregate {
  const pick = (f: (r: RunStats) => number) => repeats.map(f);
  return {
    repeats,
    rps: median(pick((r) => r.rps)),
    rpsMin: Math.min(...pick((r) => r.rps)),
    rpsMax: Math.max(...pick((r) => r.rps)),
    p50: median(pick((r) => r.p50)),
    p50Min: Math.min(...pick((r) => r.p50)),
    p50Max: Math.max(...pick((r) => r.p50)),
    p95: median(pick((r) => r.p95)),
    p99: median(pick((r) => r.p99)),
    errors: pick((r) => r.errors).reduce((a, b) => a + b, 0),
    requests: pick((r) => r.requests).reduce((a, b) => a + b, 0),
  };
}
