import assert from "node:assert/strict";
import { NeuralHead } from "./neural_head.ts";
import { seededRandom } from "./random.ts";

// Two informative features per label, so a linear head can learn it.
function toyData(n: number, d: number, seed: number): [Float32Array[], number[][]] {
  const r = seededRandom(seed);
  const x = Array.from({ length: n }, () => Float32Array.from({ length: d }, () => r() * 2 - 1));
  const y = x.map((v) => [0, 1, 2, 3].filter((c) => v[c] - v[c + 4] > 0.6));
  return [x, y];
}
const LABELS = ["T1001", "T1002", "T1003", "T1004"];

for (const hidden of [0, 16]) {
  Deno.test(`NeuralHead (hidden ${hidden}): onnxruntime and TypeScript gradients agree`, async () => {
    const [x, y] = toyData(96, 12, 4);
    const fit = (backend: "onnxruntime" | "typescript") =>
      new NeuralHead({ hidden, epochs: 3, batchSize: 32, backend, seed: 2 }).fit(x, y, LABELS);
    const [a, b] = await Promise.all([fit("onnxruntime"), fit("typescript")]);
    // Same seed, same batches: any gradient mismatch would show in the weights.
    let maxDiff = 0;
    a.state.w2.forEach((w, i) => maxDiff = Math.max(maxDiff, Math.abs(w - b.state.w2[i])));
    assert.ok(maxDiff < 1e-4, `weights differ by ${maxDiff}`);
    assert.ok(Math.abs(a.finalLoss - b.finalLoss) < 1e-4);
  });
}

Deno.test("NeuralHead learns a separable multi-label task", async () => {
  const [x, y] = toyData(600, 12, 8);
  const losses: number[] = [];
  const head = await new NeuralHead({
    hidden: 16,
    epochs: 40,
    batchSize: 32,
    learningRate: 1e-2,
    onEpoch: (_, loss) => losses.push(loss),
  }).fit(x, y, LABELS);
  assert.ok(losses.at(-1)! < losses[0] / 3, `loss ${losses[0]} -> ${losses.at(-1)}`);
  const [tx, ty] = toyData(200, 12, 9);
  const probs = await head.predictProbaBatch(tx);
  let correct = 0;
  probs.forEach((p, i) =>
    p.forEach((v, c) => {
      if ((v >= 0.5) === ty[i].includes(c)) correct++;
    })
  );
  assert.ok(correct / (200 * 4) > 0.9, `accuracy ${correct / 800}`);
});

Deno.test("NeuralHead save/load keeps weights exactly", async () => {
  const [x, y] = toyData(64, 6, 1);
  const head = await new NeuralHead({ hidden: 5, epochs: 2 }).fit(x, y, LABELS);
  const dir = await Deno.makeTempDir();
  try {
    await head.save(dir);
    const same = await NeuralHead.load(dir);
    assert.deepEqual(same.labels, LABELS);
    assert.deepEqual(same.predictProba(x[3]), head.predictProba(x[3]));
    assert.equal(same.options.hidden, 5);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
