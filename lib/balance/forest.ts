import { RandomForestClassifier } from "ml-random-forest";
import type { SparseVector } from "../features/mod.ts";

/** Hyper-parameters of the per-label forests. */
export interface ForestOptions {
  /** Features each label's forest sees (its most distinctive TF-IDF terms). Default 24. */
  featuresPerLabel?: number;
  /** Trees per forest. Default 10. */
  trees?: number;
  /**
   * Fraction of the label's features each tree sees. ml-random-forest draws them once per tree,
   * not per split, so a low fraction leaves many trees without the telling term. Default 1.
   */
  maxFeatures?: number;
  /** Deepest tree. Default 6. */
  maxDepth?: number;
  seed?: number;
}

interface LabelForest {
  features: Uint32Array;
  forest: RandomForestClassifier;
}

/** The `k` features whose mean weight in positives most exceeds their mean in negatives. */
export function distinctiveFeatures(
  positives: SparseVector[],
  negatives: SparseVector[],
  k: number,
): Uint32Array {
  const score = new Map<number, number>();
  const add = (vs: SparseVector[], w: number) => {
    for (const v of vs) {
      for (let i = 0; i < v.indices.length; i++) {
        score.set(v.indices[i], (score.get(v.indices[i]) ?? 0) + w * v.values[i]);
      }
    }
  };
  add(positives, 1 / Math.max(1, positives.length));
  add(negatives, -1 / Math.max(1, negatives.length));
  const best = [...score].filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, k).map(([i]) => i).sort((a, b) => a - b);
  return Uint32Array.from(best);
}

/** Dense rows of the given features (sorted feature indices). */
export function denseRows(vectors: SparseVector[], features: Uint32Array): number[][] {
  const at = new Map<number, number>();
  features.forEach((f, j) => at.set(f, j));
  return vectors.map((v) => {
    const row = new Array<number>(features.length).fill(0);
    for (let i = 0; i < v.indices.length; i++) {
      const j = at.get(v.indices[i]);
      if (j !== undefined) row[j] = v.values[i];
    }
    return row;
  });
}

/**
 * Multi-output random forest: one ml-random-forest classifier per label, each over a small
 * subset of distinctive TF-IDF features so training stays in seconds per label.
 *
 * @example
 * const m = new ForestMultiLabel({ trees: 15 });
 * m.fitLabel("T1001", positives, negatives);
 * m.predictProba("T1001", candidates); // [0.93, 0.07, …]
 */
export class ForestMultiLabel {
  #o: Required<ForestOptions>;
  #forests = new Map<string, LabelForest>();

  constructor(options: ForestOptions = {}) {
    this.#o = {
      featuresPerLabel: options.featuresPerLabel ?? 24,
      trees: options.trees ?? 10,
      maxFeatures: options.maxFeatures ?? 1.0,
      maxDepth: options.maxDepth ?? 6,
      seed: options.seed ?? 7,
    };
  }

  /** Labels with a trained forest. */
  get labels(): string[] {
    return [...this.#forests.keys()];
  }

  /** Features (vectorizer indices) a label's forest uses. */
  featuresOf(label: string): Uint32Array | undefined {
    return this.#forests.get(label)?.features;
  }

  /**
   * Fit one label's forest on positives vs negatives. Positives are repeated until they are a
   * third of the set, so bootstrap samples of a rare label still contain it.
   */
  fitLabel(label: string, positives: SparseVector[], negatives: SparseVector[]): boolean {
    const features = distinctiveFeatures(positives, negatives, this.#o.featuresPerLabel);
    if (features.length < 2 || positives.length === 0) return false;
    const repeat = Math.max(1, Math.round(negatives.length / 2 / positives.length));
    const pos = Array.from({ length: repeat }, () => positives).flat();
    const x = denseRows([...pos, ...negatives], features);
    const y = [...pos.map(() => 1), ...negatives.map(() => 0)];
    const forest = new RandomForestClassifier({
      nEstimators: this.#o.trees,
      // An integer count: ml-random-forest reads the float 1.0 as "one feature".
      maxFeatures: Math.max(1, Math.round(features.length * this.#o.maxFeatures)),
      seed: this.#o.seed,
      replacement: false,
      useSampleBagging: true,
      noOOB: true,
      treeOptions: { maxDepth: this.#o.maxDepth },
    });
    forest.train(x, y);
    this.#forests.set(label, { features, forest });
    return true;
  }

  /** Share of trees voting for the label, for each vector (0 for labels without a forest). */
  predictProba(label: string, vectors: SparseVector[]): number[] {
    const m = this.#forests.get(label);
    if (!m || !vectors.length) return vectors.map(() => 0);
    const votes = m.forest.predictionValues(denseRows(vectors, m.features));
    const out: number[] = [];
    for (let i = 0; i < vectors.length; i++) {
      const row = votes.getRow(i) as number[];
      out.push(row.reduce((s, v) => s + (v === 1 ? 1 : 0), 0) / row.length);
    }
    return out;
  }
}
