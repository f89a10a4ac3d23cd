import assert from "node:assert/strict";
import { join } from "node:path";
import { loadKnowledgeBase, loadTramReports } from "../data/mod.ts";
import { trainingRows } from "../train/mod.ts";
import { CachedEncoder } from "./embedding_cache.ts";
import { UseEncoder } from "./encoder.ts";
import { NeuralClassifier } from "./neural.ts";
import type { TextExample } from "./sentence_classifier.ts";

const TECHNIQUES = ["T1059.001", "T1105", "T1053.005", "T1566.001"];

/** ~300 real rows: ATT&CK procedures of four techniques plus TRAM negative sentences. */
async function sample(): Promise<TextExample[]> {
  const kb = await loadKnowledgeBase();
  const reports = (await loadTramReports()).slice(0, 3);
  const rows = trainingRows({ kb, reports });
  const positives = TECHNIQUES.flatMap((t) =>
    rows.filter((r) => r.source === "attack-procedure" && r.labels[0] === t).slice(0, 60)
  );
  const negatives = rows.filter((r) => r.source === "tram" && r.labels.length === 0).slice(0, 60);
  return [...positives, ...negatives].map(({ text, labels }) => ({ text, labels }));
}

Deno.test("NeuralClassifier fit/save/load on real rows gives identical predictions", async () => {
  const rows = await sample();
  assert.ok(rows.length >= 250, `${rows.length} rows`);
  const root = await Deno.makeTempDir();
  try {
    const encoder = await CachedEncoder.open(await UseEncoder.load(), join(root, "cache"));
    const clf = await new NeuralClassifier().fit(rows, {
      encoder,
      maxPerLabel: Infinity,
      head: { hidden: 64, epochs: 25, learningRate: 5e-3 },
    });
    assert.deepEqual([...clf.labels], TECHNIQUES.toSorted());
    assert.equal(clf.metrics.rows, new Set(rows.map((r) => r.text)).size);

    const probe = [
      "The actor executed an encoded PowerShell command to run the loader in memory.",
      "The malware created a scheduled task with schtasks to run every hour.",
      "The company announced its quarterly results on Tuesday.",
    ];
    const before = await clf.predictProbaBatch(probe);
    const dir = join(root, "neural");
    await clf.save(dir);
    assert.ok((await Deno.stat(join(dir, "head.onnx"))).size > 4 * 512 * 64);
    const config = JSON.parse(await Deno.readTextFile(join(dir, "config.json")));
    assert.deepEqual(config.encoder, { spec: { kind: "use" }, name: "use-lite-512", dim: 512 });

    // Loading from the spec alone (fresh USE instance) must reproduce the fitted outputs.
    const loaded = await NeuralClassifier.load(dir);
    const after = await loaded.predictProbaBatch(probe);
    before.forEach((p, i) => p.forEach((v, c) => assert.ok(Math.abs(v - after[i][c]) < 1e-6)));

    // It learned something: the right technique tops the first two sentences.
    const top = (p: Float32Array) => loaded.labels[p.indexOf(Math.max(...p))];
    assert.equal(top(after[0]), "T1059.001");
    assert.equal(top(after[1]), "T1053.005");

    const scorer = await loaded.scorerFor(probe);
    assert.deepEqual(scorer.predictProba(probe[1]), after[1]);
    assert.ok(scorer.predictProba("never scored").every((v) => v === 0));

    // Retraining is served from the embedding cache.
    const misses = encoder.misses;
    await new NeuralClassifier().fit(rows, { encoder, maxPerLabel: Infinity, head: { epochs: 1 } });
    assert.equal(encoder.misses, misses);
    await assert.rejects(
      () =>
        NeuralClassifier.load(dir, {
          encoder: { name: "other", dim: 512, embed: () => Promise.resolve([]) },
        }),
      /trained with encoder use-lite-512/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
