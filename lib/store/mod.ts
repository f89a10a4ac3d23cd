/**
 * Persistence of analyses and analyst reviews in SQLite (`node:sqlite`, WAL mode, versioned
 * migrations), and the ways reviews flow back out: corrected results for export and labelled
 * sentences for training.
 *
 * @example
 * import { AnalysisStore, reviewedResult, reviewRows } from "./lib/store/mod.ts";
 * const store = AnalysisStore.open(); // TTP_DB or data/ttp.sqlite
 * const id = store.save(result, { text, threshold: 0.55 });
 * store.decide(id, { techniqueId: "T1490", decision: "rejected", start: 0, end: 40, text });
 * const forExport = reviewedResult(store.get(id)!);
 * const rows = reviewRows(store); // LabelledSentence[] with source "review"
 */
export * from "./types.ts";
export { AnalysisStore, defaultDbPath, type ListOptions, type SaveOptions } from "./store.ts";
export { migrate, type Migration, MIGRATIONS, schemaVersion } from "./schema.ts";
export { isKept, modelResult, reviewedResult } from "./reviewed.ts";
export { sentenceSpan, type Span } from "./spans.ts";
export { countReviewRows, reviewRows } from "./training.ts";
export {
  type Agreement,
  type ReviewBenefit,
  reviewBenefit,
  type ReviewBenefitOptions,
  type ReviewVariantScores,
} from "./review_eval.ts";
