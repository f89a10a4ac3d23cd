import { join } from "node:path";
import { type TfidfOptions, type TfidfState, TfidfVectorizer } from "../features/tfidf.ts";
import { normalizeForFeatures, STOP_WORDS, tokenize } from "../text/mod.ts";
import { type LogisticOptions, OneVsRestLogistic } from "./linear.ts";

/** A text with the technique IDs it expresses (empty for a negative). */
export interface TextExample {
  text: string;
  labels: string[];
}

/** Hyper-parameters of the sentence classifier. */
export interface SentenceClassifierOptions {
  /** Feature options; default word 1-2-grams and character 3-4-grams, 60,000 features. */
  tfidf?: TfidfOptions;
  logistic?: LogisticOptions;
  /** Labels with fewer positive examples are not modelled. Default 2. */
  minExamples?: number;
}

/**
 * Word 1-2-grams plus character 3-4-grams of content words. The character grams match
 * inflections and compounds ("embeds"/"embedded", "sideloads"/"side-loading") that whole words
 * miss: over the inner TRAM folds they added 2 points of report micro-F1 and 3-4 on AnnoCTR.
 */
const DEFAULT_FEATURES: TfidfOptions = { charNgramRange: [3, 4], maxFeatures: 60000 };

interface SavedClassifier {
  format: "ttp-sentence-classifier/1";
  labels: string[];
  tfidf: TfidfState;
  nFeatures: number;
  nLabels: number;
  logistic: Omit<Required<LogisticOptions>, "onEpoch">;
}

/**
 * Tokens the classifier sees for a text: normalised, defanged, CTI-aware tokens, each path or
 * file name followed by its parts, so "c:\\windows\\system32\\vssadmin.exe" also yields
 * "vssadmin.exe" and "vssadmin" and matches reports that write the bare tool name.
 */
export function featureTokens(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(normalizeForFeatures(text))) {
    out.push(token);
    if (!/[\\/.]/.test(token) || /^\d+(\.\d+)+$/.test(token)) continue;
    const parts = token.split(/[\\/]+/).filter((p) => p.length > 1);
    const last = parts.at(-1);
    for (const p of parts.length > 1 ? parts : []) out.push(p);
    const stem = last?.match(/^(.+)\.(exe|dll|ps1|bat|cmd|vbs|js|hta|lnk|sys|scr|msi|jar|py|sh)$/)
      ?.[1];
    if (stem) out.push(stem);
  }
  return out;
}

/**
 * TF-IDF + one-vs-rest logistic regression from sentences to ATT&CK technique probabilities.
 *
 * @example
 * const clf = new SentenceClassifier().fit(rows);
 * await clf.save("models/linear");
 * const same = await SentenceClassifier.load("models/linear");
 * same.predictProba("The actor used PowerShell to download a payload.");
 */
export class SentenceClassifier {
  #options: SentenceClassifierOptions;
  #vectorizer?: TfidfVectorizer;
  #model?: OneVsRestLogistic;
  #labels: string[] = [];

  constructor(options: SentenceClassifierOptions = {}) {
    this.#options = options;
  }

  /** Technique IDs the model scores, in output order. */
  get labels(): readonly string[] {
    return this.#labels;
  }

  /** Fit vocabulary and weights on labelled texts. */
  fit(examples: TextExample[]): this {
    const minExamples = this.#options.minExamples ?? 2;
    const counts = new Map<string, number>();
    for (const e of examples) for (const l of e.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    this.#labels = [...counts].filter(([, c]) => c >= minExamples).map(([l]) => l).sort();
    const index = new Map(this.#labels.map((l, i) => [l, i]));
    const tokens = examples.map((e) => featureTokens(e.text));
    this.#vectorizer = new TfidfVectorizer({
      stopWords: STOP_WORDS,
      ...DEFAULT_FEATURES,
      ...this.#options.tfidf,
    })
      .fit(tokens);
    const x = tokens.map((t) => this.#vectorizer!.transform(t));
    const y = examples.map((e) =>
      e.labels.map((l) => index.get(l)).filter((i): i is number => i !== undefined)
    );
    this.#model = new OneVsRestLogistic(this.#options.logistic).fit(
      x,
      y,
      this.#labels.length,
      this.#vectorizer.size,
    );
    return this;
  }

  #ready(): [TfidfVectorizer, OneVsRestLogistic] {
    if (!this.#vectorizer || !this.#model) throw new Error("SentenceClassifier: call fit or load.");
    return [this.#vectorizer, this.#model];
  }

  /** Probability of each label (same order as `labels`) for one text. */
  predictProba(text: string): Float32Array {
    const [v, m] = this.#ready();
    return m.predictProba(v.transform(featureTokens(text)));
  }

  /** Save to a folder: config.json (vocabulary, labels) and weights.bin (float32). */
  async save(dir: string): Promise<void> {
    const [v, m] = this.#ready();
    const state = m.toState();
    const saved: SavedClassifier = {
      format: "ttp-sentence-classifier/1",
      labels: this.#labels,
      tfidf: v.toJSON(),
      nFeatures: state.nFeatures,
      nLabels: state.nLabels,
      logistic: state.options,
    };
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(join(dir, "config.json"), JSON.stringify(saved));
    await Deno.writeFile(join(dir, "weights.bin"), new Uint8Array(state.weights.buffer));
  }

  /** Load a classifier saved by `save`. */
  static async load(dir: string): Promise<SentenceClassifier> {
    let saved: SavedClassifier;
    try {
      saved = JSON.parse(await Deno.readTextFile(join(dir, "config.json")));
    } catch (e) {
      throw new Error(
        `Cannot read the model in ${dir} (${(e as Error).message}). Run \`deno task train\`.`,
      );
    }
    if (saved.format !== "ttp-sentence-classifier/1") {
      throw new Error(`${dir}/config.json: unknown model format ${saved.format}.`);
    }
    const bytes = await Deno.readFile(join(dir, "weights.bin"));
    const weights = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const expected = saved.nFeatures * saved.nLabels + saved.nLabels;
    if (weights.length !== expected) {
      throw new Error(`${dir}/weights.bin: expected ${expected} weights, found ${weights.length}.`);
    }
    const clf = new SentenceClassifier();
    clf.#labels = saved.labels;
    clf.#vectorizer = TfidfVectorizer.fromJSON(saved.tfidf);
    clf.#model = OneVsRestLogistic.fromState({
      nFeatures: saved.nFeatures,
      nLabels: saved.nLabels,
      options: saved.logistic,
      weights,
    });
    return clf;
  }
}
