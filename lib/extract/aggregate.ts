import type { Sentence } from "../text/mod.ts";
import type { Evidence } from "./types.ts";

/** Per-sentence scores for one technique. */
export interface SentenceVotes {
  techniqueId: string;
  /** Sentence index -> probability that the sentence expresses the technique. */
  scores: Map<number, number>;
}

/** How sentence scores become one report-level score and an evidence list. */
export interface AggregateOptions {
  /** Sentences below this never count as evidence. Default 0.2. */
  evidenceFloor?: number;
  /** Evidence sentences kept per technique. Default 5. */
  maxEvidence?: number;
}

/**
 * Report-level score from sentence scores: the best sentence, raised by further independent
 * support with diminishing weight (1 - (1-p1)(1-p2/2)(1-p3/4)), so one strong sentence is
 * enough and several medium ones add up.
 */
export function reportScore(sentenceScores: number[]): number {
  const top = [...sentenceScores].sort((a, b) => b - a).slice(0, 3);
  let miss = 1;
  top.forEach((p, i) => (miss *= 1 - p / 2 ** i));
  return 1 - miss;
}

// A sentence this strong is shown even beside a much stronger one: a written ID in an ATT&CK
// table (0.97) must not hide the prose that describes the technique.
const SUPPORTING = 0.3;

/** Report score and evidence sentences for one technique. */
export function aggregate(
  votes: SentenceVotes,
  sentences: Sentence[],
  options: AggregateOptions = {},
): { score: number; evidence: Evidence[] } {
  const floor = options.evidenceFloor ?? 0.2;
  const max = options.maxEvidence ?? 5;
  const ranked = [...votes.scores].sort((a, b) => b[1] - a[1]);
  const score = reportScore(ranked.map(([, p]) => p));
  const best = ranked[0]?.[1] ?? 0;
  // The best sentence is always shown, so every reported technique carries its evidence.
  const evidence = ranked
    .filter(([, p], k) => k === 0 || (p >= floor && (p >= best / 2 || p >= SUPPORTING)))
    .slice(0, max)
    .map(([i, p]) => ({
      text: sentences[i].text,
      start: sentences[i].start,
      end: sentences[i].end,
      score: round(p),
    }));
  return { score: round(score), evidence };
}

/** Round a score for output (3 decimals). */
export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
