/** Hyper-parameters of the report-level stacker. */
export interface StackerOptions {
  /** Gradient steps. Default 400. */
  iterations?: number;
  /** L2 penalty. Default 1e-3. */
  l2?: number;
  learningRate?: number;
}

/** Saved form of a fitted stacker. */
export interface StackerState {
  featureNames: string[];
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

// Standardised features are clipped to this many standard deviations at prediction time.
const MAX_Z = 4;

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Logistic regression over a handful of dense report-level features (best sentence score,
 * support counts, explicit mentions, technique prior, parent/sub agreement), trained by full-batch
 * gradient descent on standardised features. It turns sentence evidence into a report decision.
 *
 * @example
 * const s = new ReportStacker().fit(rows, labels, names);
 * s.predictProba(row); // probability the report describes the technique
 */
export class ReportStacker {
  #o: Required<StackerOptions>;
  #state?: StackerState;

  constructor(options: StackerOptions = {}) {
    this.#o = {
      iterations: options.iterations ?? 400,
      l2: options.l2 ?? 1e-3,
      learningRate: options.learningRate ?? 0.5,
    };
  }

  /** Fit on feature rows with 0/1 targets. */
  fit(x: number[][], y: number[], featureNames: string[]): this {
    const d = featureNames.length;
    const n = x.length;
    const mean = Array.from({ length: d }, (_, j) => x.reduce((s, r) => s + r[j], 0) / (n || 1));
    const scale = Array.from({ length: d }, (_, j) => {
      const v = x.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / (n || 1);
      return Math.sqrt(v) || 1;
    });
    const z = x.map((r) => r.map((v, j) => (v - mean[j]) / scale[j]));
    const w = new Array(d).fill(0);
    let b = 0;
    for (let it = 0; it < this.#o.iterations; it++) {
      const gw = new Array(d).fill(0);
      let gb = 0;
      for (let i = 0; i < n; i++) {
        let s = b;
        for (let j = 0; j < d; j++) s += w[j] * z[i][j];
        const g = sigmoid(s) - y[i];
        gb += g;
        for (let j = 0; j < d; j++) gw[j] += g * z[i][j];
      }
      b -= (this.#o.learningRate * gb) / (n || 1);
      for (let j = 0; j < d; j++) {
        w[j] -= this.#o.learningRate * (gw[j] / (n || 1) + this.#o.l2 * w[j]);
      }
    }
    this.#state = { featureNames, mean, scale, weights: w, bias: b };
    return this;
  }

  /** Probability for one feature row. */
  predictProba(row: number[]): number {
    const s = this.#state;
    if (!s) throw new Error("ReportStacker: call fit or fromJSON.");
    let z = s.bias;
    for (let j = 0; j < s.weights.length; j++) {
      // Clipped: a feature far outside the training range must not push the answer to 0 or 1.
      const standard = Math.max(-MAX_Z, Math.min(MAX_Z, (row[j] - s.mean[j]) / s.scale[j]));
      z += s.weights[j] * standard;
    }
    return sigmoid(z);
  }

  /** Fitted state for saving. */
  toJSON(): StackerState {
    if (!this.#state) throw new Error("ReportStacker: nothing to save, call fit first.");
    return this.#state;
  }

  /** Restore a fitted stacker. */
  static fromJSON(state: StackerState): ReportStacker {
    const s = new ReportStacker();
    s.#state = state;
    return s;
  }
}
