/** Precision, recall and F1 with the counts behind them. */
export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

/** P/R/F1 from counts (0 where undefined). */
export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, tp, fp, fn };
}

/** Gold and predicted technique sets of one report. */
export interface ReportPrediction {
  id: string;
  gold: ReadonlySet<string>;
  predicted: ReadonlySet<string>;
}

/** Options for report-level scoring. */
export interface ScoreOptions {
  /** Count T1059.001 as T1059 on both sides. */
  parentLevel?: boolean;
  /** Only score these IDs (applied after the parent mapping). */
  labelSet?: ReadonlySet<string>;
}

/** Per-technique figures. */
export interface LabelScore extends Prf {
  id: string;
  support: number;
}

/** Report-level micro and macro figures, plus the per-technique table. */
export interface ReportScores {
  micro: Prf;
  /** Mean F1 over techniques that occur in gold or predictions. */
  macroF1: number;
  macroPrecision: number;
  macroRecall: number;
  perLabel: LabelScore[];
  reports: number;
}

/** Parent technique ID (T1059.001 -> T1059). */
export function parentId(id: string): string {
  return id.split(".")[0];
}

function view(ids: ReadonlySet<string>, o: ScoreOptions): Set<string> {
  const mapped = [...ids].map((id) => (o.parentLevel ? parentId(id) : id));
  return new Set(o.labelSet ? mapped.filter((id) => o.labelSet!.has(id)) : mapped);
}

/** Report-level precision/recall/F1, micro and macro, exact or at parent level. */
export function scoreReports(preds: ReportPrediction[], options: ScoreOptions = {}): ReportScores {
  const per = new Map<string, { tp: number; fp: number; fn: number }>();
  const bump = (id: string, k: "tp" | "fp" | "fn") => {
    const c = per.get(id) ?? { tp: 0, fp: 0, fn: 0 };
    c[k]++;
    per.set(id, c);
  };
  for (const p of preds) {
    const gold = view(p.gold, options);
    const pred = view(p.predicted, options);
    for (const id of pred) bump(id, gold.has(id) ? "tp" : "fp");
    for (const id of gold) if (!pred.has(id)) bump(id, "fn");
  }
  let tp = 0, fp = 0, fn = 0;
  const perLabel: LabelScore[] = [];
  for (const [id, c] of per) {
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
    perLabel.push({ id, support: c.tp + c.fn, ...prf(c.tp, c.fp, c.fn) });
  }
  perLabel.sort((a, b) => b.support - a.support || a.id.localeCompare(b.id));
  const mean = (f: (l: LabelScore) => number) =>
    perLabel.length ? perLabel.reduce((s, l) => s + f(l), 0) / perLabel.length : 0;
  return {
    micro: prf(tp, fp, fn),
    macroF1: mean((l) => l.f1),
    macroPrecision: mean((l) => l.precision),
    macroRecall: mean((l) => l.recall),
    perLabel,
    reports: preds.length,
  };
}

/** Share of (positive, negative) score pairs ordered correctly, ties half (ROC AUC). */
export function rocAuc(positives: readonly number[], negatives: readonly number[]): number {
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / Math.max(1, positives.length * negatives.length);
}
