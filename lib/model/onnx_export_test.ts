import assert from "node:assert/strict";
import * as ort from "onnxruntime-node";
import { headForward, type HeadState } from "./neural_head.ts";
import { encodeOnnxModel, exportHeadToOnnx, OnnxType } from "./onnx_export.ts";
import { OnnxHead } from "./onnx_head.ts";
import { seededRandom } from "./random.ts";

function randomState(inputDim: number, hidden: number, nLabels: number, seed: number): HeadState {
  const r = seededRandom(seed);
  const vec = (n: number) => Float32Array.from({ length: n }, () => (r() * 2 - 1) * 0.5);
  const width = hidden || inputDim;
  return {
    inputDim,
    hidden,
    labels: Array.from({ length: nLabels }, (_, i) => `T${1000 + i}`),
    w1: hidden ? vec(hidden * inputDim) : undefined,
    b1: hidden ? vec(hidden) : undefined,
    w2: vec(nLabels * width),
    b2: vec(nLabels),
  };
}

for (const hidden of [0, 24]) {
  Deno.test(`ONNX head export (hidden ${hidden}) matches the TypeScript forward pass`, async () => {
    const state = randomState(32, hidden, 17, 5 + hidden);
    const head = await OnnxHead.load(exportHeadToOnnx(state), state.labels, state.inputDim);
    const r = seededRandom(99);
    const x = Array.from(
      { length: 40 },
      () => Float32Array.from({ length: 32 }, () => r() * 4 - 2),
    );
    const fromOnnx = await head.predictProbaBatch(x);
    const flat = new Float32Array(40 * 32);
    x.forEach((v, i) => flat.set(v, i * 32));
    const fromTs = headForward(state, flat, 40);
    let maxDiff = 0;
    fromOnnx.forEach((row, i) => {
      assert.equal(row.length, 17);
      row.forEach((p, c) => maxDiff = Math.max(maxDiff, Math.abs(p - fromTs[i * 17 + c])));
    });
    assert.ok(maxDiff < 1e-5, `max |onnx - ts| = ${maxDiff}`);
    // Not trivially constant: sigmoid outputs spread over (0, 1).
    const all = fromOnnx.flatMap((row) => [...row]);
    assert.ok(Math.min(...all) < 0.3 && Math.max(...all) > 0.7);
    await head.release();
  });
}

Deno.test("ONNX head file round trip through disk", async () => {
  const state = randomState(8, 0, 3, 1);
  const path = await Deno.makeTempFile({ suffix: ".onnx" });
  try {
    await Deno.writeFile(path, exportHeadToOnnx(state));
    const head = await OnnxHead.load(path, state.labels, 8);
    const [p] = await head.predictProbaBatch([new Float32Array(8)]);
    // A zero input leaves only the bias: sigmoid(b2).
    p.forEach((v, c) => assert.ok(Math.abs(v - 1 / (1 + Math.exp(-state.b2[c]))) < 1e-6));
    await assert.rejects(() => head.predictProbaBatch([new Float32Array(7)]), /8-d input/);
    await head.release();
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("encodeOnnxModel writes attributes, int64 initializers and symbolic dims", async () => {
  // ReduceSum over axis 0 (int64 axes input, keepdims attribute) then Add of a float constant.
  const bytes = encodeOnnxModel({
    name: "probe",
    nodes: [
      {
        opType: "ReduceSum",
        inputs: ["x", "axes"],
        outputs: ["s"],
        attributes: { keepdims: { kind: "int", value: 0 } },
      },
      { opType: "Add", inputs: ["s", "c"], outputs: ["y"] },
    ],
    initializers: [
      { name: "axes", type: OnnxType.INT64, dims: [1], data: BigInt64Array.of(0n) },
      { name: "c", type: OnnxType.FLOAT, dims: [2], data: Float32Array.of(10, -10) },
    ],
    inputs: [{ name: "x", type: OnnxType.FLOAT, shape: ["n", 2] }],
    outputs: [{ name: "y", type: OnnxType.FLOAT, shape: [2] }],
  });
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({
    x: new ort.Tensor("float32", Float32Array.of(1, 2, 3, 4, 5, 6), [3, 2]),
  });
  assert.deepEqual([...(out.y.data as Float32Array)], [19, 2]);
  await session.release();
});
