import { join } from "node:path";
import {
  type SparseVector,
  type TfidfOptions,
  type TfidfState,
  TfidfVectorizer,
} from "../features/tfidf.ts";
import { STOP_WORDS } from "../text/mod.ts";
import { featureTokens, type TextExample } from "./sentence_classifier.ts";

/** Hyper-parameters of the nearest-neighbour classifier. */
export interface KnnOptions {
  /** Neighbours that vote. Default 10. */
  k?: number;
  /** Neighbours below this cosine similarity are ignored. Default 0.1. */
  minSimilarity?: number;
  tfidf?: TfidfOptions;
}

interface SavedKnn {
  format: "ttp-knn/1";
  k: number;
  minSimilarity: number;
  labels: string[];
  tfidf: TfidfState;
  /** Per example: label indices. */
  rowLabels: number[][];
  /** Per example: offsets into the flat arrays in weights.bin. */
  offsets: number[];
}

/**
 * Nearest-neighbour retrieval over labelled sentences (ATT&CK procedure examples paraphrase
 * report sentences closely). The score of a technique is the similarity-weighted share of the
 * k nearest neighbours carrying it; unlabelled neighbours (negatives) weigh against every label.
 *
 * @example
 * const knn = new KnnClassifier({ k: 10 }).fit(rows);
 * knn.predictProba("The malware used schtasks to persist.");
 */
export class KnnClassifier {
  #k: number;
  #minSim: number;
  #tfidfOptions?: TfidfOptions;
  #vectorizer?: TfidfVectorizer;
  #labels: string[] = [];
  #rowLabels: number[][] = [];
  #rows: SparseVector[] = [];
  #postings: { rows: Uint32Array; values: Float32Array }[] = [];

  constructor(options: KnnOptions = {}) {
    this.#k = options.k ?? 10;
    this.#minSim = options.minSimilarity ?? 0.1;
    this.#tfidfOptions = options.tfidf;
  }

  /** Technique IDs the model scores, in output order. */
  get labels(): readonly string[] {
    return this.#labels;
  }

  /** Index the labelled examples. */
  fit(examples: TextExample[]): this {
    this.#labels = [...new Set(examples.flatMap((e) => e.labels))].sort();
    const index = new Map(this.#labels.map((l, i) => [l, i]));
    const tokens = examples.map((e) => featureTokens(e.text));
    this.#vectorizer = new TfidfVectorizer({ stopWords: STOP_WORDS, ...this.#tfidfOptions })
      .fit(tokens);
    this.#rows = tokens.map((t) => this.#vectorizer!.transform(t));
    this.#rowLabels = examples.map((e) => e.labels.map((l) => index.get(l)!));
    this.#buildPostings();
    return this;
  }

  #buildPostings(): void {
    const n = this.#vectorizer!.size;
    const counts = new Uint32Array(n);
    for (const r of this.#rows) for (const f of r.indices) counts[f]++;
    this.#postings = Array.from({ length: n }, (_, f) => ({
      rows: new Uint32Array(counts[f]),
      values: new Float32Array(counts[f]),
    }));
    const fill = new Uint32Array(n);
    this.#rows.forEach((r, i) => {
      r.indices.forEach((f, k) => {
        const p = this.#postings[f];
        p.rows[fill[f]] = i;
        p.values[fill[f]++] = r.values[k];
      });
    });
  }

  /** The k nearest examples of a text: [row index, cosine similarity], best first. */
  neighbours(text: string): [number, number][] {
    if (!this.#vectorizer) throw new Error("KnnClassifier: call fit or load.");
    const q = this.#vectorizer.transform(featureTokens(text));
    const sims = new Map<number, number>();
    q.indices.forEach((f, k) => {
      const p = this.#postings[f];
      const qv = q.values[k];
      for (let j = 0; j < p.rows.length; j++) {
        sims.set(p.rows[j], (sims.get(p.rows[j]) ?? 0) + qv * p.values[j]);
      }
    });
    return [...sims].filter(([, s]) => s >= this.#minSim).sort((a, b) => b[1] - a[1])
      .slice(0, this.#k);
  }

  /** Score of each label (same order as `labels`) for one text. */
  predictProba(text: string): Float32Array {
    const out = new Float32Array(this.#labels.length);
    const near = this.neighbours(text);
    let total = 0;
    for (const [row, sim] of near) {
      const w = sim * sim;
      total += w;
      for (const l of this.#rowLabels[row]) out[l] += w * sim;
    }
    // Similarity-weighted vote share, scaled by how close the best neighbours are.
    if (total > 0) { for (let c = 0; c < out.length; c++) out[c] /= total; }
    return out;
  }

  /** Save to a folder: config.json and vectors.bin (indices then values). */
  async save(dir: string): Promise<void> {
    if (!this.#vectorizer) throw new Error("KnnClassifier: nothing to save, call fit first.");
    const offsets = [0];
    for (const r of this.#rows) offsets.push(offsets.at(-1)! + r.indices.length);
    const nnz = offsets.at(-1)!;
    const indices = new Uint32Array(nnz);
    const values = new Float32Array(nnz);
    this.#rows.forEach((r, i) => {
      indices.set(r.indices, offsets[i]);
      values.set(r.values, offsets[i]);
    });
    const saved: SavedKnn = {
      format: "ttp-knn/1",
      k: this.#k,
      minSimilarity: this.#minSim,
      labels: this.#labels,
      tfidf: this.#vectorizer.toJSON(),
      rowLabels: this.#rowLabels,
      offsets,
    };
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(join(dir, "config.json"), JSON.stringify(saved));
    const bytes = new Uint8Array(nnz * 8);
    bytes.set(new Uint8Array(indices.buffer), 0);
    bytes.set(new Uint8Array(values.buffer), nnz * 4);
    await Deno.writeFile(join(dir, "vectors.bin"), bytes);
  }

  /** Load a classifier saved by `save`. */
  static async load(dir: string): Promise<KnnClassifier> {
    const saved: SavedKnn = JSON.parse(await Deno.readTextFile(join(dir, "config.json")));
    if (saved.format !== "ttp-knn/1") throw new Error(`${dir}: unknown format ${saved.format}.`);
    const bytes = await Deno.readFile(join(dir, "vectors.bin"));
    const nnz = saved.offsets.at(-1)!;
    const indices = new Uint32Array(bytes.slice(0, nnz * 4).buffer);
    const values = new Float32Array(bytes.slice(nnz * 4, nnz * 8).buffer);
    const knn = new KnnClassifier({ k: saved.k, minSimilarity: saved.minSimilarity });
    knn.#labels = saved.labels;
    knn.#vectorizer = TfidfVectorizer.fromJSON(saved.tfidf);
    knn.#rowLabels = saved.rowLabels;
    knn.#rows = saved.rowLabels.map((_, i) => ({
      indices: indices.subarray(saved.offsets[i], saved.offsets[i + 1]),
      values: values.subarray(saved.offsets[i], saved.offsets[i + 1]),
    }));
    knn.#buildPostings();
    return knn;
  }
}
