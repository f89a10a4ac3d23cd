import type { AnnotatedReport } from "../data/types.ts";
import { reportTechniques } from "../data/types.ts";
import type { Extractor } from "../extract/extractor.ts";
import { writtenTechniqueIds } from "../extract/explicit.ts";
import type { Evidence } from "../extract/types.ts";
import type { GoldSpan } from "../data/types.ts";
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
  /** Evidence sentences of every scored technique. */
  evidence: Map<string, Evidence[]>;
  spans: GoldSpan[];
  /** Technique IDs the report's authors wrote in it (their own mapping). */
  written: Set<string>;
}

/** Run the extractor over annotated reports, keeping all scores so thresholds can be swept. */
export async function scoreAnnotated(
  extractor: Extractor,
  reports: AnnotatedReport[],
  labelSet?: ReadonlySet<string>,
): Promise<ScoredReport[]> {
  const out: ScoredReport[] = [];
  for (const r of reports) {
    const result = await extractor.analyze(r.text, { name: r.id, type: "text" }, {
      minScore: 0,
      labelSet,
    });
    out.push({
      id: r.id,
      gold: reportTechniques(r),
      scores: new Map(result.techniques.map((t) => [t.id, t.score])),
      evidence: new Map(result.techniques.map((t) => [t.id, t.evidence])),
      spans: r.spans,
      written: new Set(writtenTechniqueIds(extractor.kb, r.text)),
    });
  }
  return out;
}

/** Apply a threshold to scored reports. */
export function atThreshold(scored: ScoredReport[], threshold: number): ReportPrediction[] {
  return scored.map((s) => ({
    id: s.id,
    gold: s.gold,
    predicted: new Set([...s.scores].filter(([, p]) => p >= threshold).map(([id]) => id)),
  }));
}

// Candidate thresholds: finer where gated ensembles' scores sit (sentence scores are scaled by
// the relevance gate and damping, so good cut-offs can fall below 0.1).
const THRESHOLD_GRID = [
  0.05,
  0.06,
  0.07,
  0.08,
  0.09,
  ...Array.from({ length: 18 }, (_, i) => Math.round((0.1 + 0.05 * i) * 100) / 100),
];

/** The grid threshold with the best micro-F1 — use on training data only. */
export function bestThreshold(scored: ScoredReport[], options: ScoreOptions = {}): {
  threshold: number;
  scores: ReportScores;
} {
  let best = { threshold: 0.5, scores: scoreReports(atThreshold(scored, 0.5), options) };
  for (const t of THRESHOLD_GRID) {
    const scores = scoreReports(atThreshold(scored, t), options);
    if (scores.micro.f1 > best.scores.micro.f1) best = { threshold: t, scores };
  }
  return best;
}

/**
 * Share of true-positive techniques with an evidence sentence overlapping a gold span of the same
 * technique (at parent level when asked).
 */
export function evidenceHitRate(
  scored: ScoredReport[],
  threshold: number,
  options: ScoreOptions = {},
): { hits: number; total: number; rate: number } {
  const key = (id: string) => (options.parentLevel ? id.split(".")[0] : id);
  let hits = 0, total = 0;
  for (const s of scored) {
    const gold = new Set([...s.gold].map(key));
    const seen = new Set<string>();
    for (const [id, score] of s.scores) {
      const k = key(id);
      if (score < threshold || !gold.has(k) || seen.has(k)) continue;
      if (options.labelSet && !options.labelSet.has(k)) continue;
      seen.add(k);
      total++;
      const spans = s.spans.filter((g) => key(g.techniqueId) === k);
      const ev = s.evidence.get(id) ?? [];
      if (ev.some((e) => spans.some((g) => g.start < e.end && e.start < g.end))) hits++;
    }
  }
  return { hits, total, rate: total ? hits / total : 0 };
}

/** Predictions from scored reports that each carry their own (fold's) threshold. */
export function atOwnThreshold(
  scored: (ScoredReport & { threshold: number })[],
): ReportPrediction[] {
  return scored.flatMap((s) => atThreshold([s], s.threshold));
}

/** Most frequent (missed gold, wrongly predicted) pairs within the same report. */
export function worstConfusions(
  preds: ReportPrediction[],
  options: ScoreOptions = {},
  top = 10,
): { gold: string; predicted: string; count: number }[] {
  const key = (id: string) => (options.parentLevel ? id.split(".")[0] : id);
  const keep = (id: string) => !options.labelSet || options.labelSet.has(id);
  const counts = new Map<string, number>();
  for (const p of preds) {
    const gold = new Set([...p.gold].map(key).filter(keep));
    const pred = new Set([...p.predicted].map(key).filter(keep));
    const missed = [...gold].filter((g) => !pred.has(g));
    const wrong = [...pred].filter((q) => !gold.has(q));
    for (const g of missed) {
      for (const q of wrong) {
        // Only related techniques count as confusions: same parent or same family prefix.
        if (g.split(".")[0] !== q.split(".")[0] && g.slice(0, 4) !== q.slice(0, 4)) continue;
        counts.set(`${g}>${q}`, (counts.get(`${g}>${q}`) ?? 0) + 1);
      }
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, count]) => {
    const [gold, predicted] = k.split(">");
    return { gold, predicted, count };
  });
}

/**
 * False positives whose ID the report writes itself (an ATT&CK table the annotators skipped):
 * how many of all false positives, for reading precision on partly annotated corpora.
 */
export function writtenFalsePositives(
  scored: (ScoredReport & { threshold: number })[],
  options: ScoreOptions = {},
): { falsePositives: number; written: number } {
  let falsePositives = 0;
  let written = 0;
  for (const s of scored) {
    for (const [id, score] of s.scores) {
      if (score < s.threshold || s.gold.has(id)) continue;
      if (options.labelSet && !options.labelSet.has(id)) continue;
      falsePositives++;
      if (s.written.has(id)) written++;
    }
  }
  return { falsePositives, written };
}
