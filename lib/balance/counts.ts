import type { CleanRow } from "../data/clean.ts";

/** Examples per technique (rows carrying the label), most frequent first. */
export function labelCounts(rows: Pick<CleanRow, "labels">[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rows) for (const l of r.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return new Map([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** Summary figures of a label distribution. */
export interface BalanceFigures {
  rows: number;
  labelledRows: number;
  techniques: number;
  /** Techniques with fewer than `rareBelow` examples. */
  rare: number;
  min: number;
  median: number;
  max: number;
  /** max / median: how far the head sticks out. */
  imbalanceRatio: number;
  /** Normalised entropy of the label distribution (1 = perfectly even). */
  evenness: number;
}

/** Figures of a label distribution; rare = fewer than `rareBelow` examples. */
export function balanceFigures(
  rows: Pick<CleanRow, "labels">[],
  rareBelow: number,
): BalanceFigures {
  const counts = [...labelCounts(rows).values()].sort((a, b) => a - b);
  const total = counts.reduce((s, c) => s + c, 0);
  const median = counts.length ? counts[Math.floor(counts.length / 2)] : 0;
  const entropy = counts.reduce((s, c) => s - (c / total) * Math.log(c / total), 0);
  return {
    rows: rows.length,
    labelledRows: rows.filter((r) => r.labels.length).length,
    techniques: counts.length,
    rare: counts.filter((c) => c < rareBelow).length,
    min: counts[0] ?? 0,
    median,
    max: counts.at(-1) ?? 0,
    imbalanceRatio: median ? (counts.at(-1) ?? 0) / median : 0,
    evenness: counts.length > 1 ? entropy / Math.log(counts.length) : 1,
  };
}
