import type { SparseVector } from "../features/tfidf.ts";
import { seededRandom, shuffleInPlace } from "./random.ts";

/** Hyper-parameters of the one-vs-rest logistic model. */
export interface LogisticOptions {
  /** Passes over the data. Default 8. */
  epochs?: number;
  /** Initial learning rate. Default 0.5. */
  learningRate?: number;
  /** L2 penalty applied to touched rows. Default 1e-6. */
  l2?: number;
  /** Weight of a positive example relative to a negative one. Default 4. */
  positiveWeight?: number;
  /** Random seed for shuffling. Default 7. */
  seed?: number;
  /** Called after each epoch with the mean loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/** Saved form of a fitted model: metadata plus weights as raw float32 bytes. */
export interface LogisticState {
  nFeatures: number;
  nLabels: number;
  options: Omit<Required<LogisticOptions>, "onEpoch">;
  /** Feature-major weights [feature * nLabels + label], then biases. */
  weights: Float32Array;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

// Label errors below this are not worth a weight update (see fit).
const MIN_ERROR = 2e-3;

/**
 * Multi-label one-vs-rest logistic regression over sparse features, trained by SGD.
 * Weights are stored feature-major so one sparse example touches contiguous rows.
 *
 * @example
 * const m = new OneVsRestLogistic({ epochs: 8 }).fit(X, Y, nLabels);
 * const p = m.predictProba(X[0]); // Float32Array of nLabels probabilities
 */
export class OneVsRestLogistic {
  #o: Omit<Required<LogisticOptions>, "onEpoch">;
  #onEpoch?: (epoch: number, loss: number) => void;
  #w = new Float32Array(0);
  #b = new Float32Array(0);
  #nLabels = 0;
  #nFeatures = 0;

  constructor(options: LogisticOptions = {}) {
    this.#o = {
      epochs: options.epochs ?? 8,
      learningRate: options.learningRate ?? 0.5,
      l2: options.l2 ?? 1e-6,
      positiveWeight: options.positiveWeight ?? 4,
      seed: options.seed ?? 7,
    };
    this.#onEpoch = options.onEpoch;
  }

  /** Number of labels the model scores. */
  get nLabels(): number {
    return this.#nLabels;
  }

  /** Fit on sparse examples; `labels[i]` lists the label indices of example i (may be empty). */
  fit(x: SparseVector[], labels: number[][], nLabels: number, nFeatures?: number): this {
    const L = (this.#nLabels = nLabels);
    const F = (this.#nFeatures = nFeatures ??
      1 + x.reduce((m, v) => Math.max(m, v.indices.at(-1) ?? 0), 0));
    this.#w = new Float32Array(F * L);
    this.#b = new Float32Array(L).fill(-4);
    const scores = new Float32Array(L);
    const grad = new Float32Array(L);
    const target = new Uint8Array(L);
    const active = new Uint32Array(L);
    const order = x.map((_, i) => i);
    const random = seededRandom(this.#o.seed);
    let step = 0;
    const total = this.#o.epochs * x.length;
    for (let epoch = 1; epoch <= this.#o.epochs; epoch++) {
      shuffleInPlace(order, random);
      let loss = 0;
      for (const i of order) {
        const lr = this.#o.learningRate / (1 + (4 * step++) / total);
        const v = x[i];
        this.#scoreInto(v, scores);
        target.fill(0);
        for (const l of labels[i]) target[l] = 1;
        let nActive = 0;
        for (let c = 0; c < L; c++) {
          const p = sigmoid(scores[c]);
          const y = target[c];
          const w = y ? this.#o.positiveWeight : 1;
          loss -= w * (y ? Math.log(p + 1e-9) : Math.log(1 - p + 1e-9));
          grad[c] = lr * w * (p - y);
          this.#b[c] -= grad[c];
          // Most labels are already near-certain negatives for a row; their updates are noise
          // and skipping them makes an epoch several times faster on wide (character) features.
          if (Math.abs(p - y) > MIN_ERROR) active[nActive++] = c;
        }
        const decay = 1 - lr * this.#o.l2;
        for (let k = 0; k < v.indices.length; k++) {
          const row = v.indices[k] * L;
          const xv = v.values[k];
          for (let a = 0; a < nActive; a++) {
            const c = active[a];
            this.#w[row + c] = this.#w[row + c] * decay - grad[c] * xv;
          }
        }
      }
      this.#onEpoch?.(epoch, loss / x.length);
    }
    return this;
  }

  #scoreInto(v: SparseVector, out: Float32Array): void {
    const L = this.#nLabels;
    out.set(this.#b);
    for (let k = 0; k < v.indices.length; k++) {
      const f = v.indices[k];
      if (f >= this.#nFeatures) continue;
      const row = f * L;
      const xv = v.values[k];
      for (let c = 0; c < L; c++) out[c] += this.#w[row + c] * xv;
    }
  }

  /** Probability of each label for one example. */
  predictProba(v: SparseVector): Float32Array {
    const out = new Float32Array(this.#nLabels);
    this.#scoreInto(v, out);
    for (let c = 0; c < out.length; c++) out[c] = sigmoid(out[c]);
    return out;
  }

  /** Label indices whose probability reaches the threshold. */
  predict(v: SparseVector, threshold = 0.5): number[] {
    const p = this.predictProba(v);
    const out: number[] = [];
    p.forEach((q, c) => q >= threshold && out.push(c));
    return out;
  }

  /** Fitted state (weights followed by biases in one float32 array). */
  toState(): LogisticState {
    const weights = new Float32Array(this.#w.length + this.#b.length);
    weights.set(this.#w);
    weights.set(this.#b, this.#w.length);
    return { nFeatures: this.#nFeatures, nLabels: this.#nLabels, options: this.#o, weights };
  }

  /** Restore a fitted model from its state. */
  static fromState(state: LogisticState): OneVsRestLogistic {
    const m = new OneVsRestLogistic(state.options);
    m.#nFeatures = state.nFeatures;
    m.#nLabels = state.nLabels;
    const split = state.nFeatures * state.nLabels;
    m.#w = state.weights.slice(0, split);
    m.#b = state.weights.slice(split, split + state.nLabels);
    return m;
  }
}
