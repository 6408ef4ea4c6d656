// Ratios, not absolute times: each benchmark runs its baseline and its subject in the same
// process, interleaved round by round, so machine load shifts both alike.
import { performance } from "node:perf_hooks";

export interface Comparison {
  name: string;
  baseline: string;
  subject: string;
  run: { baseline: () => Promise<unknown>; subject: () => Promise<unknown> };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timeBatch(fn: () => Promise<unknown>, iterations: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return (performance.now() - start) / iterations;
}

export async function compare(
  c: Comparison,
  opts = { rounds: 7, iterations: 30 },
): Promise<number> {
  // Warm both paths (JIT, prepared statements, pools) before measuring.
  await timeBatch(c.run.baseline, 5);
  await timeBatch(c.run.subject, 5);
  const base: number[] = [];
  const subj: number[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    base.push(await timeBatch(c.run.baseline, opts.iterations));
    subj.push(await timeBatch(c.run.subject, opts.iterations));
  }
  const ratio = median(subj) / median(base);
  console.log(`${c.name}: ${ratio.toFixed(2)}x  (${c.subject} vs ${c.baseline})`);
  return ratio;
}
