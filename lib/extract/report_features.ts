import type { SentenceVotes } from "./aggregate.ts";
import { reportScore } from "./aggregate.ts";

/** What the extractor knows about one candidate technique in one report. */
export interface CandidateEvidence {
  votes: SentenceVotes;
  /** Report score from sentence aggregation (before the stacker). */
  score: number;
  /** Best sentence probability of each component alone. */
  componentMax: Record<string, number>;
  /** The report names the technique by ID / by name. */
  explicitId: boolean;
  explicitName: boolean;
  /** Share of training reports that carry the technique. */
  prior: number;
  /** Aggregated score of the parent (for a sub-technique), else 0. */
  parentScore: number;
  /** Best aggregated score among the technique's sub-techniques (for a parent), else 0. */
  bestSubScore: number;
  isSubtechnique: boolean;
  sentenceCount: number;
}

/** Report-level features of a candidate, by name (the stacker picks the ones it was fit on). */
export function reportFeatures(c: CandidateEvidence): Record<string, number> {
  const probs = [...c.votes.scores.values()].sort((a, b) => b - a);
  const count = (t: number) => probs.filter((p) => p >= t).length;
  const logit = (p: number) => Math.log((p + 1e-3) / (1 - p + 1e-3));
  const features: Record<string, number> = {
    score: c.score,
    scoreLogit: logit(c.score),
    best: probs[0] ?? 0,
    second: probs[1] ?? 0,
    top3: reportScore(probs),
    support50: Math.log1p(count(0.5)),
    support20: Math.log1p(count(0.2)),
    supportShare: count(0.2) / Math.max(1, c.sentenceCount),
    explicitId: c.explicitId ? 1 : 0,
    explicitName: c.explicitName ? 1 : 0,
    priorLogit: logit(c.prior),
    parentScore: c.parentScore,
    bestSubScore: c.bestSubScore,
    isSubtechnique: c.isSubtechnique ? 1 : 0,
    logSentences: Math.log1p(c.sentenceCount),
  };
  for (const [name, p] of Object.entries(c.componentMax)) features[`max_${name}`] = p;
  return features;
}
