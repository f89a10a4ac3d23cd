/** The analyst's view of an analysis: model output corrected by the decisions. */
import type { AnalysisResult } from "../extract/types.ts";
import type { StoredAnalysis, StoredTechnique } from "./types.ts";

/** Whether a technique belongs in the reviewed result at this threshold. */
export function isKept(t: StoredTechnique, minScore: number): boolean {
  const d = t.review?.decision;
  if (d === "rejected") return false;
  return d === "accepted" || d === "added" || t.score >= minScore;
}

/**
 * An analysis as an {@link AnalysisResult} for export: techniques at or above `minScore`
 * (default the model threshold) minus rejected ones, plus accepted and added ones at any score.
 * Techniques keep their `review` so exports can say who decided what.
 */
export function reviewedResult(
  analysis: StoredAnalysis,
  options: { minScore?: number } = {},
): AnalysisResult & { techniques: StoredTechnique[] } {
  const minScore = options.minScore ?? analysis.threshold;
  return {
    source: analysis.source,
    attack: analysis.attack,
    model: analysis.model,
    techniques: analysis.techniques.filter((t) => isKept(t, minScore))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)),
  };
}

/** The model's own output for a stored analysis, as `POST /api/analyze` returns it. */
export function modelResult(analysis: StoredAnalysis, minScore?: number): AnalysisResult {
  const floor = minScore ?? analysis.threshold;
  return {
    source: analysis.source,
    attack: analysis.attack,
    model: analysis.model,
    techniques: analysis.techniques.filter((t) => t.predicted && t.score >= floor)
      .map(({ id, name, tactics, score, evidence }) => ({ id, name, tactics, score, evidence })),
  };
}
