import type { KnowledgeBase } from "../attack/knowledge_base.ts";
import type { AnnotatedReport } from "../data/types.ts";
import { trainModel, type TrainOptions, variantExtractors } from "../train/train.ts";
import { scoreAnnotated, type ScoredReport } from "./evaluate.ts";
import { kFoldByGroup } from "./split.ts";

/** Options for k-fold cross-validation by report. */
export interface CrossValOptions {
  kb: KnowledgeBase;
  /** All annotated reports; folds never split a report. */
  reports: AnnotatedReport[];
  folds?: number;
  seed?: number;
  /** Training settings for each fold (components, left-out sources, extra rows). */
  train?: Omit<TrainOptions, "kb" | "reports" | "progress">;
  progress?: (message: string) => void;
}

/** Held-out scores of one variant (component alone or ensemble), across all folds. */
export interface VariantResult {
  /** Thresholds calibrated inside each fold's training data, in fold order. */
  thresholds: number[];
  /** Held-out reports, each with its own fold's threshold already known. */
  scored: (ScoredReport & { threshold: number })[];
}

/**
 * Cross-validate by report: for each fold, train (with its own inner threshold calibration) on
 * the other folds plus ATT&CK, then score the held-out reports with every variant.
 */
export async function crossValidate(
  options: CrossValOptions,
): Promise<Record<string, VariantResult>> {
  const k = options.folds ?? 5;
  const log = options.progress ?? (() => {});
  const folds = kFoldByGroup(options.reports.map((r) => r.id), k, options.seed ?? 13);
  const out: Record<string, VariantResult> = {};
  for (let f = 0; f < k; f++) {
    const train = options.reports.filter((r) => folds.get(r.id) !== f);
    const test = options.reports.filter((r) => folds.get(r.id) === f);
    log(`fold ${f + 1}/${k}: training on ${train.length} reports, testing on ${test.length}`);
    const model = await trainModel({ ...options.train, kb: options.kb, reports: train });
    for (
      const [variant, { extractor, threshold }] of Object.entries(
        variantExtractors(options.kb, model),
      )
    ) {
      const scored = (await scoreAnnotated(extractor, test)).map((s) => ({ ...s, threshold }));
      out[variant] ??= { thresholds: [], scored: [] };
      out[variant].thresholds.push(threshold);
      out[variant].scored.push(...scored);
    }
  }
  return out;
}
