import type { AnnotatedReport } from "../data/types.ts";
import { reportTechniques } from "../data/types.ts";
import type { Extractor } from "../extract/extractor.ts";
import {
  type ReportPrediction,
  type ReportScores,
  type ScoreOptions,
  scoreReports,
} from "./metrics.ts";

/** Every technique's report-level score for one report, before any threshold. */
export interface ScoredReport {
  id: string;
  gold: Set<string>;
  scores: Map<string, number>;
}

/** Run the extractor over annotated reports, keeping all scores so thresholds can be swept. */
export function scoreAnnotated(
  extractor: Extractor,
  reports: AnnotatedReport[],
  labelSet?: ReadonlySet<string>,
): ScoredReport[] {
  return reports.map((r) => {
    const result = extractor.analyze(r.text, { name: r.id, type: "text" }, {
      minScore: 0,
      labelSet,
    });
    return {
      id: r.id,
      gold: reportTechniques(r),
      scores: new Map(result.techniques.map((t) => [t.id, t.score])),
    };
  });
}

/** Apply a threshold to scored reports. */
export function atThreshold(scored: ScoredReport[], threshold: number): ReportPrediction[] {
  return scored.map((s) => ({
    id: s.id,
    gold: s.gold,
    predicted: new Set([...s.scores].filter(([, p]) => p >= threshold).map(([id]) => id)),
  }));
}

/** The threshold (on a 0.05 grid) with the best micro-F1 — use on training data only. */
export function bestThreshold(scored: ScoredReport[], options: ScoreOptions = {}): {
  threshold: number;
  scores: ReportScores;
} {
  let best = { threshold: 0.5, scores: scoreReports(atThreshold(scored, 0.5), options) };
  for (let t = 0.1; t <= 0.951; t += 0.05) {
    const scores = scoreReports(atThreshold(scored, t), options);
    if (scores.micro.f1 > best.scores.micro.f1) {
      best = { threshold: Math.round(t * 100) / 100, scores };
    }
  }
  return best;
}
