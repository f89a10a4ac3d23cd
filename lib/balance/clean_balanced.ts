import { type CleanRow, cleanRows, type DroppedRow } from "../data/clean.ts";
import type { SparseVector } from "../features/mod.ts";
import { cosine, vectorize } from "./_vectors.ts";

/** Sources of rows that balancing created or relabelled. */
export const BALANCING_SOURCES: ReadonlySet<string> = new Set(["pseudo-label", "oversample"]);

/** Options of `cleanBalanced`. */
export interface CleanBalancedOptions {
  /** Cosine at or above which a created row repeats a row with the same labels. Default 0.95. */
  nearDuplicate?: number;
  /** Cosine at or above which a created row contradicting a row's labels is a conflict. Default 0.9. */
  conflict?: number;
  /** Fewest feature tokens a row may have (as in stage 02). Default 3. */
  minTokens?: number;
}

const sameLabels = (a: string[], b: string[]) =>
  a.length === b.length && a.every((l, i) => l === b[i]);

/**
 * Clean a balanced data set: the shared `cleanRows` first (empty, too-short, exact duplicates),
 * then, for rows balancing created, near-duplicates of a row with the same labels and conflicts
 * with a near-identical row carrying other labels (original rows always win). Every removed row
 * comes back with its reason.
 *
 * @example
 * const { rows, removed } = cleanBalanced(balancedRows, { nearDuplicate: 0.95 });
 */
export function cleanBalanced(
  input: CleanRow[],
  options: CleanBalancedOptions = {},
): { rows: CleanRow[]; removed: DroppedRow[] } {
  const near = options.nearDuplicate ?? 0.95;
  const conflictAt = options.conflict ?? 0.9;
  // Originals first, so exact duplicates always drop the created copy.
  const ordered = [
    ...input.filter((r) => !BALANCING_SOURCES.has(r.source)),
    ...input.filter((r) => BALANCING_SOURCES.has(r.source)),
  ];
  const first = cleanRows(ordered, { dedupe: false, minTokens: options.minTokens ?? 3 });
  const removed: DroppedRow[] = [...first.dropped];
  // Exact duplicates: same split and feature text.
  const byKey = new Map<string, CleanRow>();
  const unique: CleanRow[] = [];
  for (const r of first.rows) {
    const key = `${r.split}\u0000${r.clean}`;
    const prior = byKey.get(key);
    if (!prior) {
      byKey.set(key, r);
      unique.push(r);
      continue;
    }
    const created = BALANCING_SOURCES.has(r.source);
    const reason = sameLabels(prior.labels, r.labels)
      ? (created ? "duplicate created by balancing" : "duplicate")
      : "conflicting labels (same text)";
    if (!created && !sameLabels(prior.labels, r.labels)) {
      prior.labels = [...new Set([...prior.labels, ...r.labels])].sort();
    }
    removed.push({ reason, text: r.text, labels: r.labels, source: r.source, group: r.group });
  }
  // Near-duplicates and conflicts of created rows, found through an inverted index.
  const { vectors } = vectorize(unique.map((r) => r.clean));
  const postings = new Map<number, number[]>();
  const index = (k: number) => {
    for (const f of vectors[k].indices) {
      const list = postings.get(f) ?? [];
      list.push(k);
      postings.set(f, list);
    }
  };
  const keep = new Array<boolean>(unique.length).fill(true);
  unique.forEach((r, k) => {
    if (!BALANCING_SOURCES.has(r.source)) index(k);
  });
  const topTerms = (v: SparseVector, n: number) =>
    [...v.indices].map((f, i) => ({ f, w: v.values[i] })).sort((a, b) => b.w - a.w).slice(0, n);
  unique.forEach((r, k) => {
    if (!BALANCING_SOURCES.has(r.source)) return;
    const candidates = new Set<number>();
    for (const { f } of topTerms(vectors[k], 3)) {
      for (const j of postings.get(f) ?? []) {
        if (j !== k && r.split === unique[j].split) candidates.add(j);
      }
    }
    let reason = "";
    for (const j of candidates) {
      const sim = cosine(vectors[k], vectors[j]);
      const same = sameLabels(r.labels, unique[j].labels);
      if (!same && sim >= conflictAt && !BALANCING_SOURCES.has(unique[j].source)) {
        reason = "conflicting labels (near-identical original)";
        break;
      }
      if (same && sim >= near) reason ||= "near-duplicate created by balancing";
    }
    if (reason) {
      keep[k] = false;
      removed.push({ reason, text: r.text, labels: r.labels, source: r.source, group: r.group });
    } else index(k);
  });
  return { rows: unique.filter((_, k) => keep[k]), removed };
}
