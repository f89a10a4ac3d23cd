import type { CleanRow } from "../data/clean.ts";
import type { SparseVector } from "../features/mod.ts";
import { seededRandom } from "../model/random.ts";
import { labelCounts } from "./counts.ts";
import { cosine, vectorize } from "./_vectors.ts";
import { ForestMultiLabel, type ForestOptions } from "./forest.ts";

/** Options of `pseudoLabel`. */
export interface PseudoLabelOptions extends ForestOptions {
  /** Techniques with fewer examples than this are rare and get a forest. Default 10. */
  minExamples?: number;
  /** Fewest positives a forest is trained on. Default 2. */
  minPositives?: number;
  /** Negatives sampled per forest. Default 150. */
  negatives?: number;
  /** Unlabelled sentences scored per rare technique (the nearest to its centroid). Default 30. */
  candidatesPerLabel?: number;
  /** Share of trees that must vote for the technique. Default 0.9. */
  threshold?: number;
  /** Cosine to the technique's centroid a candidate needs. Default 0.25. */
  minSimilarity?: number;
  /** Rows whose sources may be relabelled (unlabelled report sentences). Default tram, annoctr. */
  poolSources?: string[];
  /** At most this many rare techniques (quick runs). Default all. */
  maxLabels?: number;
  /** Called after each technique. */
  onProgress?: (done: number, total: number, label: string) => void;
}

/** A sentence the forests labelled. */
export interface PseudoLabelled {
  label: string;
  text: string;
  group: string;
  probability: number;
}

/** What `pseudoLabel` did for one rare technique. */
export interface LabelOutcome {
  label: string;
  before: number;
  candidates: number;
  added: number;
}

/** Result of `pseudoLabel`. */
export interface PseudoLabelResult {
  rows: CleanRow[];
  added: PseudoLabelled[];
  outcomes: LabelOutcome[];
  seconds: number;
}

const TECHNIQUE_ID = /\bT\d{4}(?:\.\d{3})?\b/g;

function namesOther(text: string, label: string): boolean {
  return [...text.matchAll(TECHNIQUE_ID)].some(([id]) => id !== label);
}

function centroid(vectors: SparseVector[]): SparseVector {
  const sum = new Map<number, number>();
  for (const v of vectors) {
    for (let i = 0; i < v.indices.length; i++) {
      sum.set(v.indices[i], (sum.get(v.indices[i]) ?? 0) + v.values[i]);
    }
  }
  const entries = [...sum].sort((a, b) => a[0] - b[0]);
  const norm = Math.sqrt(entries.reduce((s, [, x]) => s + x * x, 0)) || 1;
  return {
    indices: Uint32Array.from(entries, ([i]) => i),
    values: Float32Array.from(entries, ([, x]) => x / norm),
  };
}

/**
 * Find and label more examples of rare techniques: for each, a random forest over its most
 * distinctive TF-IDF features (positives vs sampled negatives) scores the unlabelled report
 * sentences nearest its centroid; those most trees vote for get the label (source
 * "pseudo-label"). Only "train" rows are read or changed.
 *
 * @example
 * const { rows, added } = pseudoLabel(trainRows, { minExamples: 10, threshold: 0.8 });
 */
export function pseudoLabel(rows: CleanRow[], options: PseudoLabelOptions = {}): PseudoLabelResult {
  const started = performance.now();
  const minExamples = options.minExamples ?? 10;
  const poolSources = new Set(options.poolSources ?? ["tram", "annoctr"]);
  const rand = seededRandom(options.seed ?? 7);
  const out = rows.map((r) => ({ ...r, labels: [...r.labels] }));
  const train = out.map((r, i) => ({ r, i })).filter(({ r }) => r.split === "train");
  const { vectors } = vectorize(train.map(({ r }) => r.clean));
  const counts = labelCounts(train.map(({ r }) => r));
  let rare = [...counts].filter(([, c]) => c < minExamples && c >= (options.minPositives ?? 2))
    .map(([l]) => l).sort();
  if (options.maxLabels !== undefined) rare = rare.slice(0, options.maxLabels);
  const pool = train.map((_, k) => k).filter((k) =>
    !train[k].r.labels.length && poolSources.has(train[k].r.source)
  );
  const forests = new ForestMultiLabel(options);
  const added: PseudoLabelled[] = [];
  const outcomes: LabelOutcome[] = [];
  const nNeg = options.negatives ?? 150;
  rare.forEach((label, done) => {
    const posK = train.map((_, k) => k).filter((k) => train[k].r.labels.includes(label));
    const outcome = { label, before: posK.length, candidates: 0, added: 0 };
    outcomes.push(outcome);
    // Candidates first: the unlabelled sentences nearest the technique's centroid. They are
    // what the forest judges, so they are never drawn as its negatives.
    const c = centroid(posK.map((k) => vectors[k]));
    // Sentences naming a technique ID are headings or tables about that technique: skip them.
    const near = pool.filter((k) =>
      !train[k].r.labels.includes(label) && !namesOther(train[k].r.text, label)
    )
      .map((k) => ({ k, sim: cosine(c, vectors[k]) }))
      .filter((x) => x.sim >= (options.minSimilarity ?? 0.25))
      .sort((a, b) => b.sim - a.sim).slice(0, options.candidatesPerLabel ?? 30);
    const judged = new Set(near.map((x) => x.k));
    const negK: number[] = [];
    for (let tries = 0; negK.length < nNeg && tries < nNeg * 5; tries++) {
      const k = Math.floor(rand() * train.length);
      const r = train[k].r;
      // Unlabelled headings that name a technique are no clean negatives either.
      const heading = !r.labels.length && namesOther(r.text, label);
      if (!r.labels.includes(label) && !judged.has(k) && !heading) negK.push(k);
    }
    if (forests.fitLabel(label, posK.map((k) => vectors[k]), negK.map((k) => vectors[k]))) {
      outcome.candidates = near.length;
      const probs = forests.predictProba(label, near.map((x) => vectors[x.k]));
      const accepted = near.map((x, j) => ({ ...x, p: probs[j] }))
        .filter((x) => x.p >= (options.threshold ?? 0.9)).sort((a, b) => b.p - a.p)
        .slice(0, minExamples - posK.length);
      for (const a of accepted) {
        const row = train[a.k].r;
        row.labels = [...new Set([...row.labels, label])].sort();
        row.source = "pseudo-label";
        added.push({ label, text: row.text, group: row.group, probability: a.p });
      }
      outcome.added = accepted.length;
    }
    options.onProgress?.(done + 1, rare.length, label);
  });
  return { rows: out, added, outcomes, seconds: (performance.now() - started) / 1000 };
}
