/** A sparse vector: parallel sorted index and value arrays. */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

/** TF-IDF hyper-parameters (scikit-learn's names where they exist). */
export interface TfidfOptions {
  /** Word n-gram range, inclusive. Default [1, 2]. */
  ngramRange?: [number, number];
  /** Character n-gram range within the boundaries of non-stop words (0 = none). Default [0, 0]. */
  charNgramRange?: [number, number];
  /** Ignore terms in fewer documents than this. Default 2. */
  minDf?: number;
  /** Ignore terms in more than this fraction of documents. Default 0.5. */
  maxDfRatio?: number;
  /** Keep the most frequent terms only. Default 40000. */
  maxFeatures?: number;
  /** Use 1 + log(tf). Default true. */
  sublinearTf?: boolean;
  /** Words dropped from word n-grams. Default none. */
  stopWords?: ReadonlySet<string>;
}

/** The fitted state of a vectorizer, as saved to disk. */
export interface TfidfState {
  options: Required<Omit<TfidfOptions, "stopWords">> & { stopWords: string[] };
  vocabulary: string[];
  idf: number[];
}

function terms(tokens: string[], o: TfidfState["options"], stop: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const words = tokens.filter((t) => !stop.has(t));
  const [lo, hi] = o.ngramRange;
  for (let n = lo; n <= hi; n++) {
    for (let i = 0; i + n <= words.length; i++) out.push(words.slice(i, i + n).join(" "));
  }
  const [clo, chi] = o.charNgramRange;
  if (clo > 0) {
    // Character n-grams of content words only: stop words would add many grams and no signal.
    for (const w of words) {
      const padded = ` ${w} `;
      for (let n = clo; n <= chi; n++) {
        for (let i = 0; i + n <= padded.length; i++) out.push(`#${padded.slice(i, i + n)}`);
      }
    }
  }
  return out;
}

/**
 * TF-IDF vectorizer over pre-tokenized text (fit / transform / save / load, like scikit-learn's
 * TfidfVectorizer with smooth idf and L2 normalisation).
 *
 * @example
 * const v = new TfidfVectorizer({ ngramRange: [1, 2] });
 * v.fit(docs.map(tokenize));
 * const x = v.transform(tokenize("powershell -enc ..."));
 */
export class TfidfVectorizer {
  #options: TfidfState["options"];
  #stop: ReadonlySet<string>;
  #index = new Map<string, number>();
  #vocabulary: string[] = [];
  #idf = new Float32Array(0);

  constructor(options: TfidfOptions = {}) {
    this.#options = {
      ngramRange: options.ngramRange ?? [1, 2],
      charNgramRange: options.charNgramRange ?? [0, 0],
      minDf: options.minDf ?? 2,
      maxDfRatio: options.maxDfRatio ?? 0.5,
      maxFeatures: options.maxFeatures ?? 40000,
      sublinearTf: options.sublinearTf ?? true,
      stopWords: [...(options.stopWords ?? [])],
    };
    this.#stop = new Set(this.#options.stopWords);
  }

  /** Number of features after fitting. */
  get size(): number {
    return this.#vocabulary.length;
  }

  /** Learn vocabulary and idf from tokenized documents. */
  fit(docs: string[][]): this {
    const df = new Map<string, number>();
    for (const tokens of docs) {
      for (const t of new Set(terms(tokens, this.#options, this.#stop))) {
        df.set(t, (df.get(t) ?? 0) + 1);
      }
    }
    const n = docs.length;
    const maxDf = Math.max(1, Math.floor(this.#options.maxDfRatio * n));
    const kept = [...df].filter(([, c]) => c >= this.#options.minDf && c <= maxDf)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, this.#options.maxFeatures);
    kept.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    this.#vocabulary = kept.map(([t]) => t);
    this.#idf = Float32Array.from(kept, ([, c]) => Math.log((1 + n) / (1 + c)) + 1);
    this.#index = new Map(this.#vocabulary.map((t, i) => [t, i]));
    return this;
  }

  /** TF-IDF vector of one tokenized document (L2-normalised). */
  transform(tokens: string[]): SparseVector {
    const counts = new Map<number, number>();
    for (const t of terms(tokens, this.#options, this.#stop)) {
      const i = this.#index.get(t);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const indices = Uint32Array.from([...counts.keys()].sort((a, b) => a - b));
    const values = new Float32Array(indices.length);
    let norm = 0;
    indices.forEach((i, k) => {
      const tf = counts.get(i)!;
      const v = (this.#options.sublinearTf ? 1 + Math.log(tf) : tf) * this.#idf[i];
      values[k] = v;
      norm += v * v;
    });
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < values.length; k++) values[k] /= norm;
    return { indices, values };
  }

  /** Feature name of an index (for explaining predictions). */
  featureName(i: number): string {
    return this.#vocabulary[i];
  }

  /** Fitted state for saving. */
  toJSON(): TfidfState {
    return { options: this.#options, vocabulary: this.#vocabulary, idf: [...this.#idf] };
  }

  /** Restore a fitted vectorizer. */
  static fromJSON(state: TfidfState): TfidfVectorizer {
    const v = new TfidfVectorizer({
      ...state.options,
      stopWords: new Set(state.options.stopWords),
    });
    v.#vocabulary = state.vocabulary;
    v.#idf = Float32Array.from(state.idf);
    v.#index = new Map(state.vocabulary.map((t, i) => [t, i]));
    return v;
  }
}

/** Dot product of two sparse vectors with sorted indices. */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0, j = 0, s = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const ai = a.indices[i], bj = b.indices[j];
    if (ai === bj) s += a.values[i++] * b.values[j++];
    else if (ai < bj) i++;
    else j++;
  }
  return s;
}
