/** Analyst decisions as training rows: the feedback loop from review to model. */
import type { LabelledSentence } from "../data/examples.ts";
import type { AnalysisStore } from "./store.ts";

/**
 * Labelled sentences from the current decisions of every stored analysis. A sentence's labels
 * are the techniques accepted or added on it; a sentence that was only ever rejected becomes a
 * negative row (no labels). Decisions without a sentence are skipped. `group` is
 * `review/<analysis id>` so splits keep a report's sentences together.
 *
 * `options.analyses` limits the rows to some analyses (e.g. the training side of a split).
 *
 * Caveat: a negative row counts against every technique, so a rejected sentence that also
 * expresses an unreviewed technique teaches the model slightly wrong; reviewers who accept what
 * they see keep this rare.
 */
export function reviewRows(
  store: AnalysisStore,
  options: { analyses?: ReadonlySet<number> } = {},
): LabelledSentence[] {
  const bySpan = new Map<string, LabelledSentence & { rejected: boolean }>();
  for (const d of store.currentDecisions()) {
    if (options.analyses && !options.analyses.has(d.analysisId)) continue;
    if (d.start === undefined || d.end === undefined || !d.text) continue;
    const key = `${d.analysisId}:${d.start}:${d.end}`;
    const row = bySpan.get(key) ?? {
      text: d.text,
      labels: [],
      source: "review" as const,
      group: `review/${d.analysisId}`,
      start: d.start,
      end: d.end,
      rejected: false,
    };
    if (d.decision === "rejected") row.rejected = true;
    else if (!row.labels.includes(d.techniqueId)) row.labels.push(d.techniqueId);
    bySpan.set(key, row);
  }
  return [...bySpan.values()].map(({ rejected: _r, ...row }) => ({
    ...row,
    labels: row.labels.sort(),
  }));
}

/** How many review rows are positive and negative (for logs). */
export function countReviewRows(rows: LabelledSentence[]): { positive: number; negative: number } {
  const positive = rows.filter((r) => r.labels.length > 0).length;
  return { positive, negative: rows.length - positive };
}
