import type { KnowledgeBase } from "../attack/knowledge_base.ts";
import type { LabelledSentence } from "../data/examples.ts";
import type { AnnotatedReport } from "../data/types.ts";
import { atThreshold, scoreAnnotated, type ScoredReport } from "../eval/evaluate.ts";
import { type ReportScores, scoreReports } from "../eval/metrics.ts";
import { type TrainedModel, trainModel } from "../train/mod.ts";

/** A pipeline row as training wants it. */
export type TrainRow = Pick<LabelledSentence, "text" | "labels" | "group"> & { source: string };

/** Options of `trainAndScore`. */
export interface TrainAndScoreOptions {
  kb: KnowledgeBase;
  /** Prepared rows to train on. */
  rows: TrainRow[];
  /** The annotated reports the rows come from (threshold calibration splits these). */
  reports: AnnotatedReport[];
  /** Reports to score on (the dev split); never used for training or tuning. */
  devReports: AnnotatedReport[];
  /**
   * Techniques that count when scoring (as `deno task eval` does: those annotated anywhere in
   * TRAM, since its annotators could never confirm the others). Default: all.
   */
  labelSet?: ReadonlySet<string>;
  progress?: (message: string) => void;
}

/** A trained model with its dev figures and training curves. */
export interface TrainAndScoreResult {
  model: TrainedModel;
  /** Dev figures at the model's calibrated threshold, over `labelSet`. */
  dev: ReportScores;
  /** The same, counting every technique predicted. */
  devAllLabels: ReportScores;
  /** Dev micro P/R/F1 across thresholds (a curve to look at, not to tune on). */
  curve: { threshold: number; precision: number; recall: number; f1: number }[];
  /** Training loss per epoch, per fit (calibration fit, then final fit), from the progress log. */
  losses: { fit: number; epoch: number; loss: number }[];
  seconds: number;
}

/**
 * Train with `lib/train` on prepared rows and score the dev reports: the figures at the
 * calibrated threshold, a threshold curve, and the loss per epoch read from the progress log.
 */
export async function trainAndScore(options: TrainAndScoreOptions): Promise<TrainAndScoreResult> {
  const started = performance.now();
  const losses: TrainAndScoreResult["losses"] = [];
  let fit = 0;
  const model = await trainModel({
    kb: options.kb,
    reports: options.reports,
    rows: options.rows.map((r) => ({
      text: r.text,
      labels: r.labels,
      group: r.group,
      source: r.source as LabelledSentence["source"],
    })),
    progress: (message) => {
      if (/^fitting on/.test(message)) fit++;
      const m = /epoch (\d+): loss ([\d.]+)/.exec(message);
      if (m) losses.push({ fit, epoch: Number(m[1]), loss: Number(m[2]) });
      options.progress?.(message);
    },
  });
  const scored: ScoredReport[] = await scoreAnnotated(model.extractor, options.devReports);
  const labelSet = options.labelSet;
  const dev = scoreReports(atThreshold(scored, model.meta.threshold), { labelSet });
  const devAllLabels = scoreReports(atThreshold(scored, model.meta.threshold));
  const curve = [];
  for (let t = 0.1; t < 0.96; t += 0.05) {
    const s = scoreReports(atThreshold(scored, t), { labelSet }).micro;
    curve.push({
      threshold: Math.round(t * 100) / 100,
      precision: s.precision,
      recall: s.recall,
      f1: s.f1,
    });
  }
  return { model, dev, devAllLabels, curve, losses, seconds: (performance.now() - started) / 1000 };
}

/** Headline figures of report scores, for tables and meta.json. */
export function headline(s: ReportScores, prefix = ""): Record<string, number> {
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    [`${prefix}micro_precision`]: r(s.micro.precision),
    [`${prefix}micro_recall`]: r(s.micro.recall),
    [`${prefix}micro_f1`]: r(s.micro.f1),
    [`${prefix}macro_f1`]: r(s.macroF1),
    [`${prefix}reports`]: s.reports,
  };
}
