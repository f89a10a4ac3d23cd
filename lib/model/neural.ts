import { join } from "node:path";
import { CachedEncoder } from "./embedding_cache.ts";
import { DEFAULT_ENCODER, type EncoderSpec, loadEncoder, type SentenceEncoder } from "./encoder.ts";
import { type HeadOptions, NeuralHead } from "./neural_head.ts";
import { exportHeadToOnnx } from "./onnx_export.ts";
import { OnnxHead } from "./onnx_head.ts";
import type { TextExample } from "./sentence_classifier.ts";

/** Options for training a NeuralClassifier. */
export interface NeuralFitOptions {
  /** Which encoder to use and record in config.json. Default USE lite. */
  encoderSpec?: EncoderSpec;
  /** An already loaded encoder for `encoderSpec` (e.g. shared, or wrapped in a cache). */
  encoder?: SentenceEncoder;
  /** Cache embeddings under this folder (default data/cache/embeddings); false disables. */
  cacheDir?: string | false;
  head?: HeadOptions;
  /** Labels with fewer positive texts are not modelled. Default 2. */
  minExamples?: number;
  /**
   * Negative (unlabelled) texts kept, sampled at random. Default 6000: negatives outnumber
   * positives and each costs ~20 ms to embed, while a few thousand suffice to teach "no".
   */
  maxNegatives?: number;
  /**
   * Positive texts kept per label (a text is kept while any of its labels is under the cap).
   * Default 40: frequent techniques have hundreds of near-paraphrase ATT&CK procedures, and
   * capping them halves the texts to embed. Infinity keeps all.
   */
  maxPerLabel?: number;
  seed?: number;
  progress?: (message: string) => void;
}

interface SavedNeural {
  format: "ttp-neural/1";
  labels: string[];
  encoder: { spec: EncoderSpec; name: string; dim: number };
  head: Omit<HeadOptions, "onEpoch">;
  metrics: Record<string, number>;
  trainedAt: string;
}

/** A synchronous scorer over sentences embedded and scored in advance (extractor shape). */
export class PrecomputedScorer {
  readonly labels: readonly string[];
  #scores: Map<string, Float32Array>;
  #zero: Float32Array;

  constructor(labels: readonly string[], texts: string[], scores: Float32Array[]) {
    this.labels = labels;
    this.#scores = new Map(texts.map((t, i) => [t, scores[i]]));
    this.#zero = new Float32Array(labels.length);
  }

  /** Scores of a text given to `scorerFor`; zeros for any other text. */
  predictProba(text: string): Float32Array {
    return this.#scores.get(text) ?? this.#zero;
  }
}

/** FNV-1a hash of a text mixed with a seed: a stable pseudo-random sampling priority. */
function textHash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Merge rows with the same text (union of labels): one sigmoid target per distinct text. */
function mergeByText(examples: TextExample[]): TextExample[] {
  const byText = new Map<string, Set<string>>();
  for (const e of examples) {
    const labels = byText.get(e.text) ?? new Set<string>();
    for (const l of e.labels) labels.add(l);
    byText.set(e.text, labels);
  }
  return [...byText].map(([text, labels]) => ({ text, labels: [...labels].sort() }));
}

/**
 * Sentence encoder + trained multi-label head, served with onnxruntime (head.onnx).
 *
 * @example
 * const clf = await new NeuralClassifier().fit(rows);
 * await clf.save("models/default/neural");
 * const same = await NeuralClassifier.load("models/default/neural");
 * const [probs] = await same.predictProbaBatch(["The actor used PowerShell."]);
 */
export class NeuralClassifier {
  #encoder?: SentenceEncoder;
  #spec: EncoderSpec = DEFAULT_ENCODER;
  #head?: OnnxHead;
  #onnx?: Uint8Array;
  #headOptions: Omit<HeadOptions, "onEpoch"> = {};
  /** Training figures saved in config.json (callers may add their own before `save`). */
  metrics: Record<string, number> = {};

  /** Technique IDs the model scores, in output order. */
  get labels(): readonly string[] {
    return this.#head?.labels ?? [];
  }

  /** The encoder in use (to share it with other components). */
  get encoder(): SentenceEncoder {
    if (!this.#encoder) throw new Error("NeuralClassifier: call fit or load.");
    return this.#encoder;
  }

  /** Embed the training texts, fit the head, and export it to ONNX for serving. */
  async fit(examples: TextExample[], options: NeuralFitOptions = {}): Promise<this> {
    const log = options.progress ?? (() => {});
    const started = performance.now();
    this.#spec = options.encoderSpec ?? DEFAULT_ENCODER;
    let encoder = options.encoder ?? await loadEncoder(this.#spec);
    if (options.cacheDir !== false && !(encoder instanceof CachedEncoder)) {
      encoder = await CachedEncoder.open(encoder, options.cacheDir);
    }
    this.#encoder = encoder;

    const merged = mergeByText(examples);
    const minExamples = options.minExamples ?? 2;
    const counts = new Map<string, number>();
    for (const e of merged) for (const l of e.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    const labels = [...counts].filter(([, c]) => c >= minExamples).map(([l]) => l).sort();
    const index = new Map(labels.map((l, i) => [l, i]));
    // Order by a seeded hash of the text, not a shuffle: a text kept when training on all data
    // is also kept when training on a subset (inner splits, folds), so the cache stays warm.
    const seed = options.seed ?? 11;
    const priority = new Map(merged.map((e) => [e.text, textHash(e.text, seed)]));
    const shuffled = merged.sort((a, b) => priority.get(a.text)! - priority.get(b.text)!);
    const cap = options.maxPerLabel ?? 40;
    const kept = new Map<string, number>();
    const positives = shuffled.filter((e) => {
      const known = e.labels.filter((l) => index.has(l));
      if (!known.some((l) => (kept.get(l) ?? 0) < cap)) return false;
      for (const l of known) kept.set(l, (kept.get(l) ?? 0) + 1);
      return true;
    });
    const negatives = shuffled.filter((e) => !e.labels.some((l) => index.has(l)))
      .slice(0, options.maxNegatives ?? 6000);
    const rows = [...positives, ...negatives];
    log(`neural: ${rows.length} texts (${positives.length} positive), ${labels.length} labels`);

    const misses = encoder instanceof CachedEncoder ? encoder.misses : 0;
    const x = await encoder.embed(rows.map((r) => r.text));
    const embedded = performance.now();
    const newlyEmbedded = encoder instanceof CachedEncoder ? encoder.misses - misses : rows.length;
    log(`neural: embedded in ${((embedded - started) / 1000).toFixed(1)} s (${newlyEmbedded} new)`);

    const y = rows.map((r) =>
      r.labels.map((l) => index.get(l)).filter((i): i is number => i !== undefined)
    );
    const head = await new NeuralHead({
      ...options.head,
      onEpoch: (e, loss) => {
        options.head?.onEpoch?.(e, loss);
        log(`  epoch ${e}: loss ${loss.toFixed(4)}`);
      },
    }).fit(x, y, labels);
    this.#headOptions = head.options;
    this.#onnx = exportHeadToOnnx(head.state);
    // Serve the fitted head through the same ONNX path as a loaded one: identical outputs.
    this.#head = await OnnxHead.load(this.#onnx, labels, encoder.dim);
    const done = performance.now();
    this.metrics = {
      rows: rows.length,
      positiveRows: positives.length,
      negativeRows: negatives.length,
      labels: labels.length,
      finalLoss: head.finalLoss,
      embedSeconds: (embedded - started) / 1000,
      newlyEmbedded,
      headSeconds: (done - embedded) / 1000,
    };
    return this;
  }

  #ready(): [SentenceEncoder, OnnxHead] {
    if (!this.#encoder || !this.#head) throw new Error("NeuralClassifier: call fit or load.");
    return [this.#encoder, this.#head];
  }

  /** Probability of each label (same order as `labels`) for each text. */
  async predictProbaBatch(texts: string[]): Promise<Float32Array[]> {
    const [encoder, head] = this.#ready();
    if (texts.length === 0) return [];
    return head.predictProbaBatch(await encoder.embed(texts));
  }

  /** Score `texts` now and return a synchronous scorer over them (for the extractor). */
  async scorerFor(texts: string[]): Promise<PrecomputedScorer> {
    const unique = [...new Set(texts)];
    return new PrecomputedScorer(this.labels, unique, await this.predictProbaBatch(unique));
  }

  /** Save to a folder: head.onnx and config.json (labels, encoder spec, training metrics). */
  async save(dir: string): Promise<void> {
    const [encoder] = this.#ready();
    if (!this.#onnx) throw new Error("NeuralClassifier: nothing to save, call fit first.");
    const saved: SavedNeural = {
      format: "ttp-neural/1",
      labels: [...this.labels],
      encoder: { spec: this.#spec, name: encoder.name, dim: encoder.dim },
      head: this.#headOptions,
      metrics: this.metrics,
      trainedAt: new Date().toISOString(),
    };
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeFile(join(dir, "head.onnx"), this.#onnx);
    await Deno.writeTextFile(join(dir, "config.json"), JSON.stringify(saved, null, 2) + "\n");
  }

  /** Load a classifier saved by `save`; pass `encoder` to share an already loaded one. */
  static async load(
    dir: string,
    options: { encoder?: SentenceEncoder } = {},
  ): Promise<NeuralClassifier> {
    let saved: SavedNeural;
    try {
      saved = JSON.parse(await Deno.readTextFile(join(dir, "config.json")));
    } catch (e) {
      throw new Error(
        `Cannot read the neural model in ${dir} (${
          (e as Error).message
        }). Run \`deno task train\`.`,
      );
    }
    if (saved.format !== "ttp-neural/1") {
      throw new Error(`${dir}/config.json: unknown model format ${saved.format}.`);
    }
    const encoder = options.encoder ?? await loadEncoder(saved.encoder.spec);
    if (encoder.name !== saved.encoder.name || encoder.dim !== saved.encoder.dim) {
      throw new Error(
        `${dir}: trained with encoder ${saved.encoder.name} (${saved.encoder.dim}-d), ` +
          `given ${encoder.name} (${encoder.dim}-d).`,
      );
    }
    const onnx = await Deno.readFile(join(dir, "head.onnx"));
    const clf = new NeuralClassifier();
    clf.#spec = saved.encoder.spec;
    clf.#encoder = encoder;
    clf.#onnx = onnx;
    clf.#head = await OnnxHead.load(onnx, saved.labels, saved.encoder.dim);
    clf.#headOptions = saved.head;
    clf.metrics = saved.metrics;
    return clf;
  }
}
