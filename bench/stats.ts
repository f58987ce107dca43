// Benchmark helpers: latency runs at a given concurrency, percentiles, and resident memory of a process group.
import { readdirSync, readFileSync } from "node:fs";

export interface RunResult {
  p50: number;
  p95: number;
  /** Every latency (sorted), so that rounds can be combined. */
  latencies: number[];
  /** Completed calls per second over the whole run. */
  throughput: number;
  errors: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Runs `total` operations spread over `workers` sequential loops (one per client), timing each one. */
export async function runLoad(workers: Array<() => Promise<unknown>>, total: number): Promise<RunResult> {
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    workers.map(async (op) => {
      while (issued < total) {
        issued++;
        const t0 = performance.now();
        try {
          await op();
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    latencies,
    throughput: latencies.length / wall,
    errors,
  };
}

/** Several rounds as one: percentiles over all latencies, the median round's throughput, all errors. */
export function combine(rounds: RunResult[]): RunResult {
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const throughputs = rounds.map((r) => r.throughput).sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    latencies,
    throughput: percentile(throughputs, 50),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
  };
}

/** Median of n sequential timings of op. */
export async function medianOf(n: number, op: () => Promise<unknown>, before?: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    if (before) await before();
    const t0 = performance.now();
    await op();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return percentile(times, 50);
}

/** Resident set size (bytes) of every process in the process group `pgid` (Linux /proc). */
export function groupRss(pgid: number): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the parenthesised command name: state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, "utf8"));
      if (rss) total += Number(rss[1]) * 1024;
    } catch {
      // the process exited meanwhile
    }
  }
  return total;
}

/** Samples groupRss every `everyMs` until stopped; returns the peak. */
export function sampleRss(pgid: number, everyMs = 50): { stop(): number } {
  let peak = groupRss(pgid);
  const timer = setInterval(() => (peak = Math.max(peak, groupRss(pgid))), everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, groupRss(pgid));
    },
  };
}

export const ms = (v: number) => `${v.toFixed(2)} ms`;
