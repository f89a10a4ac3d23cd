import { createHash } from "node:crypto";
import { join } from "node:path";
import { dataDir } from "../data/paths.ts";
import type { SentenceEncoder } from "./encoder.ts";

/** Where embedding caches live by default: data/cache/embeddings. */
export function defaultEmbeddingCacheDir(): string {
  return join(dataDir(), "cache", "embeddings");
}

const HASH_BYTES = 32;

function textKey(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * A disk cache of one encoder's embeddings keyed by SHA-256 of the text, so retraining and
 * re-evaluation don't re-embed (50k rows take minutes with USE on 2 cores).
 * One append-only file per encoder: records of [32-byte hash][dim float32].
 *
 * @example
 * const cache = await EmbeddingCache.open("data/cache/embeddings", encoder.name, encoder.dim);
 * cache.get("some sentence") ?? cache.set("some sentence", vector);
 * await cache.flush();
 */
export class EmbeddingCache {
  readonly path: string;
  readonly dim: number;
  #vectors = new Map<string, Float32Array>();
  #pending: [Uint8Array, Float32Array][] = [];

  private constructor(path: string, dim: number) {
    this.path = path;
    this.dim = dim;
  }

  /** Open (or start) the cache file of an encoder under `dir`. */
  static async open(dir: string, encoderName: string, dim: number): Promise<EmbeddingCache> {
    const slug = encoderName.replace(/[^A-Za-z0-9._-]+/g, "_");
    const cache = new EmbeddingCache(join(dir, `${slug}-${dim}d.bin`), dim);
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(cache.path);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return cache;
      throw e;
    }
    const record = HASH_BYTES + dim * 4;
    // A torn last record (process killed mid-append) is dropped rather than failing the load.
    const n = Math.floor(bytes.length / record);
    for (let r = 0; r < n; r++) {
      const at = r * record;
      const key = [...bytes.subarray(at, at + HASH_BYTES)]
        .map((b) => b.toString(16).padStart(2, "0")).join("");
      const vec = new Float32Array(bytes.slice(at + HASH_BYTES, at + record).buffer);
      cache.#vectors.set(key, vec);
    }
    return cache;
  }

  /** Number of cached texts. */
  get size(): number {
    return this.#vectors.size;
  }

  /** The cached embedding of a text, if any. */
  get(text: string): Float32Array | undefined {
    return this.#vectors.get(textKey(text));
  }

  /** Remember an embedding (written on `flush`). */
  set(text: string, vector: Float32Array): void {
    if (vector.length !== this.dim) {
      throw new Error(`EmbeddingCache: expected ${this.dim}-d vector, got ${vector.length}.`);
    }
    const key = textKey(text);
    if (this.#vectors.has(key)) return;
    this.#vectors.set(key, vector);
    const hash = new Uint8Array(HASH_BYTES);
    for (let i = 0; i < HASH_BYTES; i++) hash[i] = parseInt(key.slice(2 * i, 2 * i + 2), 16);
    this.#pending.push([hash, vector]);
  }

  /** Append new embeddings to the cache file. */
  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const record = HASH_BYTES + this.dim * 4;
    const out = new Uint8Array(this.#pending.length * record);
    this.#pending.forEach(([hash, vec], i) => {
      out.set(hash, i * record);
      out.set(new Uint8Array(vec.buffer, vec.byteOffset, vec.byteLength), i * record + HASH_BYTES);
    });
    await Deno.mkdir(join(this.path, ".."), { recursive: true });
    await Deno.writeFile(this.path, out, { append: true });
    this.#pending = [];
  }
}

/**
 * An encoder that answers from an EmbeddingCache and embeds (once) only the texts it misses.
 *
 * @example
 * const enc = await CachedEncoder.open(await UseEncoder.load());
 * await enc.embed(rows.map((r) => r.text)); // fast the second time
 */
export class CachedEncoder implements SentenceEncoder {
  readonly name: string;
  readonly dim: number;
  readonly inner: SentenceEncoder;
  readonly cache: EmbeddingCache;
  /** Texts embedded by the inner encoder (cache misses) since creation. */
  misses = 0;
  /** Flush to disk after this many new embeddings, so a killed run keeps its work. */
  flushEvery = 2048;
  /** Called after each batch of misses is embedded: done, total misses of this call. */
  onProgress?: (done: number, total: number) => void;

  constructor(inner: SentenceEncoder, cache: EmbeddingCache) {
    this.inner = inner;
    this.cache = cache;
    this.name = inner.name;
    this.dim = inner.dim;
  }

  /** Wrap an encoder with its cache file under `dir` (default data/cache/embeddings). */
  static async open(
    inner: SentenceEncoder,
    dir = defaultEmbeddingCacheDir(),
  ): Promise<CachedEncoder> {
    return new CachedEncoder(inner, await EmbeddingCache.open(dir, inner.name, inner.dim));
  }

  /** Embeddings of `texts`, from the cache where possible. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    const found = texts.map((t) => this.cache.get(t));
    const missing = [...new Set(texts.filter((_, i) => !found[i]))];
    for (let i = 0; i < missing.length; i += this.flushEvery) {
      const chunk = missing.slice(i, i + this.flushEvery);
      const vectors = await this.inner.embed(chunk);
      chunk.forEach((t, j) => this.cache.set(t, vectors[j]));
      this.misses += chunk.length;
      await this.cache.flush();
      this.onProgress?.(Math.min(i + chunk.length, missing.length), missing.length);
    }
    return texts.map((t, i) => found[i] ?? this.cache.get(t)!);
  }
}
