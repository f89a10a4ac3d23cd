import * as ort from "onnxruntime-node";
import { HEAD_INPUT, HEAD_OUTPUT } from "./onnx_export.ts";

/**
 * A trained head served from its .onnx file by onnxruntime-node (CPU).
 *
 * @example
 * const head = await OnnxHead.load("models/default/neural/head.onnx", labels);
 * const probs = await head.predictProbaBatch(embeddings);
 */
export class OnnxHead {
  readonly labels: readonly string[];
  readonly inputDim: number;
  #session: ort.InferenceSession;

  private constructor(session: ort.InferenceSession, labels: string[], inputDim: number) {
    this.#session = session;
    this.labels = labels;
    this.inputDim = inputDim;
  }

  /** Open a head from a file path or ONNX bytes; `labels` name its outputs in order. */
  static async load(
    model: string | Uint8Array,
    labels: string[],
    inputDim: number,
  ): Promise<OnnxHead> {
    const session = typeof model === "string"
      ? await ort.InferenceSession.create(model)
      : await ort.InferenceSession.create(model);
    if (!session.inputNames.includes(HEAD_INPUT) || !session.outputNames.includes(HEAD_OUTPUT)) {
      throw new Error(
        `ONNX head must map '${HEAD_INPUT}' to '${HEAD_OUTPUT}'; found ` +
          `${session.inputNames.join(",")} -> ${session.outputNames.join(",")}.`,
      );
    }
    return new OnnxHead(session, labels, inputDim);
  }

  /** Probabilities (same order as `labels`) for a batch of embeddings. */
  async predictProbaBatch(x: Float32Array[]): Promise<Float32Array[]> {
    if (x.length === 0) return [];
    const d = this.inputDim, k = this.labels.length;
    const flat = new Float32Array(x.length * d);
    x.forEach((v, i) => {
      if (v.length !== d) throw new Error(`OnnxHead: expected ${d}-d input, got ${v.length}.`);
      flat.set(v, i * d);
    });
    const out = await this.#session.run({
      [HEAD_INPUT]: new ort.Tensor("float32", flat, [x.length, d]),
    });
    const p = out[HEAD_OUTPUT].data as Float32Array;
    if (p.length !== x.length * k) {
      throw new Error(`OnnxHead: model gives ${p.length / x.length} outputs, labels list ${k}.`);
    }
    return x.map((_, i) => p.slice(i * k, (i + 1) * k));
  }

  /** Free the native session. */
  async release(): Promise<void> {
    await this.#session.release();
  }
}
