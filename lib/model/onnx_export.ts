/**
 * A small hand-written ONNX writer: the ModelProto subset needed for dense heads (and the tiny
 * test encoders), encoded straight to protobuf bytes so no schema package is needed.
 */
import type { HeadState } from "./neural_head.ts";

/** ONNX tensor element types used here (TensorProto.DataType). */
export const OnnxType = { FLOAT: 1, INT32: 6, INT64: 7 } as const;

/** An ONNX tensor element type code. */
export type OnnxElemType = typeof OnnxType[keyof typeof OnnxType];

/** A graph input or output: name, element type and shape (a string is a symbolic dimension). */
export interface OnnxValueInfo {
  name: string;
  type: OnnxElemType;
  shape: (number | string)[];
}

/** A constant tensor stored in the graph. */
export interface OnnxInitializer {
  name: string;
  type: OnnxElemType;
  dims: number[];
  data: Float32Array | Int32Array | BigInt64Array;
}

/** An attribute value: number (int, or float when `float` is set), int list or string. */
export type OnnxAttribute =
  | { kind: "int"; value: number }
  | { kind: "float"; value: number }
  | { kind: "ints"; value: number[] }
  | { kind: "string"; value: string };

/** One operator of the graph. */
export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attributes?: Record<string, OnnxAttribute>;
}

/** A whole single-graph model. */
export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  /** Default opset 17 (ONNX 1.12), which every onnxruntime since 1.12 runs. */
  opset?: number;
  docString?: string;
}

// Protobuf wire format: varints and length-delimited fields are all a ModelProto needs.
class ProtoWriter {
  #chunks: Uint8Array[] = [];
  #size = 0;

  #push(bytes: Uint8Array): void {
    this.#chunks.push(bytes);
    this.#size += bytes.length;
  }

  #varint(value: bigint): void {
    // Negative int64 values are written as their 64-bit two's complement (10 bytes).
    let v = BigInt.asUintN(64, value);
    const out: number[] = [];
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    this.#push(Uint8Array.from(out));
  }

  #tag(field: number, wire: number): void {
    this.#varint(BigInt((field << 3) | wire));
  }

  int(field: number, value: number | bigint): this {
    this.#tag(field, 0);
    this.#varint(BigInt(value));
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.#tag(field, 2);
    this.#varint(BigInt(value.length));
    this.#push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  float(field: number, value: number): this {
    this.#tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.#push(b);
    return this;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.#size);
    let at = 0;
    for (const c of this.#chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function littleEndianBytes(data: Float32Array | Int32Array | BigInt64Array): Uint8Array {
  // Typed arrays are host-endian; every platform onnxruntime ships for is little-endian.
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

function writeValueInfo(w: ProtoWriter, v: OnnxValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, v.type);
      tensor.message(2, (shape) => {
        for (const d of v.shape) {
          shape.message(1, (dim) => typeof d === "number" ? dim.int(1, d) : dim.string(2, d));
        }
      });
    }));
}

function writeAttribute(w: ProtoWriter, name: string, a: OnnxAttribute): void {
  w.string(1, name);
  // AttributeProto.type: FLOAT 1, INT 2, STRING 3, INTS 7.
  switch (a.kind) {
    case "float":
      w.float(2, a.value).int(20, 1);
      break;
    case "int":
      w.int(3, a.value).int(20, 2);
      break;
    case "string":
      w.string(4, a.value).int(20, 3);
      break;
    case "ints":
      for (const v of a.value) w.int(8, v);
      w.int(20, 7);
      break;
  }
}

/** Encode a graph as ONNX ModelProto bytes (IR version 8). */
export function encodeOnnxModel(graph: OnnxGraph): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, 8); // ir_version 8 pairs with opsets up to 17/18.
  w.string(2, "ttp-neural");
  w.string(3, "1");
  if (graph.docString) w.string(6, graph.docString);
  w.message(7, (g) => {
    graph.nodes.forEach((n, i) => {
      g.message(1, (node) => {
        for (const x of n.inputs) node.string(1, x);
        for (const y of n.outputs) node.string(2, y);
        node.string(3, n.name ?? `${n.opType}_${i}`);
        node.string(4, n.opType);
        for (const [name, a] of Object.entries(n.attributes ?? {})) {
          node.message(5, (attr) => writeAttribute(attr, name, a));
        }
      });
    });
    g.string(2, graph.name);
    for (const t of graph.initializers) {
      g.message(5, (tensor) => {
        for (const d of t.dims) tensor.int(1, d);
        tensor.int(2, t.type);
        tensor.string(8, t.name);
        tensor.bytes(9, littleEndianBytes(t.data));
      });
    }
    for (const v of graph.inputs) g.message(11, (vi) => writeValueInfo(vi, v));
    for (const v of graph.outputs) g.message(12, (vi) => writeValueInfo(vi, v));
  });
  w.message(8, (op) => op.string(1, "").int(2, graph.opset ?? 17));
  return w.finish();
}

/** Names of the served head's input and output tensors. */
export const HEAD_INPUT = "embedding";
/** Output tensor of the served head: one probability per label. */
export const HEAD_OUTPUT = "probabilities";

/**
 * The head as an ONNX graph: embedding [N, dim] -> (Gemm -> Relu)? -> Gemm -> Sigmoid ->
 * probabilities [N, labels]. Weights are stored [out, in], hence Gemm with transB = 1.
 */
export function headToOnnxGraph(state: HeadState): OnnxGraph {
  const nodes: OnnxNode[] = [];
  const initializers: OnnxInitializer[] = [];
  let current = HEAD_INPUT;
  let width = state.inputDim;
  const gemm = (name: string, w: Float32Array, b: Float32Array, out: number) => {
    initializers.push(
      { name: `${name}.weight`, type: OnnxType.FLOAT, dims: [out, width], data: w },
      { name: `${name}.bias`, type: OnnxType.FLOAT, dims: [out], data: b },
    );
    nodes.push({
      opType: "Gemm",
      name,
      inputs: [current, `${name}.weight`, `${name}.bias`],
      outputs: [`${name}.out`],
      attributes: { transB: { kind: "int", value: 1 } },
    });
    current = `${name}.out`;
    width = out;
  };
  if (state.hidden > 0) {
    gemm("hidden", state.w1!, state.b1!, state.hidden);
    nodes.push({ opType: "Relu", name: "relu", inputs: [current], outputs: ["relu.out"] });
    current = "relu.out";
  }
  gemm("output", state.w2, state.b2, state.labels.length);
  nodes.push({ opType: "Sigmoid", name: "sigmoid", inputs: [current], outputs: [HEAD_OUTPUT] });
  return {
    name: "ttp_neural_head",
    nodes,
    initializers,
    inputs: [{ name: HEAD_INPUT, type: OnnxType.FLOAT, shape: ["batch", state.inputDim] }],
    outputs: [{ name: HEAD_OUTPUT, type: OnnxType.FLOAT, shape: ["batch", state.labels.length] }],
    docString: JSON.stringify({ labels: state.labels }),
  };
}

/** Serialise a trained head to ONNX bytes. */
export function exportHeadToOnnx(state: HeadState): Uint8Array {
  return encodeOnnxModel(headToOnnxGraph(state));
}

/** Write a trained head to an .onnx file. */
export async function writeHeadOnnx(path: string, state: HeadState): Promise<void> {
  await Deno.writeFile(path, exportHeadToOnnx(state));
}
