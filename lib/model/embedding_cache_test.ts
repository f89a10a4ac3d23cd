import assert from "node:assert/strict";
import { join } from "node:path";
import { CachedEncoder, EmbeddingCache } from "./embedding_cache.ts";
import type { SentenceEncoder } from "./encoder.ts";

/** A deterministic fake encoder that counts what it embeds. */
class CountingEncoder implements SentenceEncoder {
  readonly name = "counting/test encoder";
  readonly dim = 4;
  seen: string[] = [];
  embed(texts: string[]): Promise<Float32Array[]> {
    this.seen.push(...texts);
    return Promise.resolve(
      texts.map((t) => Float32Array.of(t.length, t.charCodeAt(0) || 0, 1, -1)),
    );
  }
}

Deno.test("CachedEncoder embeds each distinct text once and persists across opens", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const inner = new CountingEncoder();
    const first = await CachedEncoder.open(inner, dir);
    const a = await first.embed(["alpha", "beta", "alpha"]);
    assert.deepEqual(inner.seen, ["alpha", "beta"]);
    assert.deepEqual([...a[2]], [5, 97, 1, -1]);
    await first.embed(["beta", "gamma"]);
    assert.deepEqual(inner.seen, ["alpha", "beta", "gamma"]);
    assert.equal(first.misses, 3);

    const again = new CountingEncoder();
    const second = await CachedEncoder.open(again, dir);
    assert.equal(second.cache.size, 3);
    const b = await second.embed(["gamma", "alpha"]);
    assert.deepEqual(again.seen, []);
    assert.deepEqual([...b[0]], [5, 103, 1, -1]);
    // One file per encoder name, with a filesystem-safe slug.
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), [
      "counting_test_encoder-4d.bin",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("EmbeddingCache ignores a torn last record and rejects wrong sizes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cache = await EmbeddingCache.open(dir, "enc", 2);
    cache.set("x", Float32Array.of(1, 2));
    await cache.flush();
    await Deno.writeFile(cache.path, new Uint8Array(7), { append: true });
    const reopened = await EmbeddingCache.open(dir, "enc", 2);
    assert.equal(reopened.size, 1);
    assert.deepEqual([...reopened.get("x")!], [1, 2]);
    assert.equal(reopened.get("y"), undefined);
    assert.throws(() => reopened.set("z", Float32Array.of(1)), /expected 2-d/);
    assert.ok(join(dir, "enc-2d.bin") === cache.path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
