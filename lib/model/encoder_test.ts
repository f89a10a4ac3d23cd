import assert from "node:assert/strict";
import { join } from "node:path";
import { loadEncoder, parseEncoderSpec, TransformersEncoder, UseEncoder } from "./encoder.ts";
import { encodeOnnxModel, OnnxType } from "./onnx_export.ts";
import { seededRandom } from "./random.ts";

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i], 0);
const norm = (a: Float32Array) => Math.sqrt(dot(a, a));

Deno.test("USE lite loads offline and places paraphrases closer than unrelated text", async () => {
  const started = performance.now();
  const use = await UseEncoder.load();
  assert.equal(use.dim, 512);
  const [a, b, c, empty] = await use.embed([
    "The attackers used PowerShell scripts to download additional payloads.",
    "The threat actor ran a PowerShell command that fetched more malware.",
    "Quarterly revenue grew by four percent thanks to strong retail sales.",
    "",
  ]);
  assert.equal(a.length, 512);
  assert.ok(Math.abs(norm(a) - 1) < 1e-3, "USE outputs are unit length");
  assert.ok(dot(a, b) > dot(a, c) + 0.2, `paraphrase ${dot(a, b)} vs unrelated ${dot(a, c)}`);
  assert.equal(empty.length, 512);
  assert.ok(performance.now() - started < 20_000);
});

Deno.test("USE worker path gives the same embeddings as the calling thread", async () => {
  const use = await UseEncoder.load({ workers: 2, parallelFrom: 4, batchSize: 2 });
  const texts = ["Mimikatz dumped credentials.", "A scheduled task ran the loader.", "Hello."]
    .flatMap((t) => [t, t.toUpperCase()]);
  const parallel = await use.embed(texts);
  const local = await use.embedLocal(texts, 2);
  parallel.forEach((v, i) => v.forEach((x, j) => assert.ok(Math.abs(x - local[i][j]) < 1e-5)));
});

Deno.test("encoder specs parse and reject unknown names", () => {
  assert.deepEqual(parseEncoderSpec("use"), { kind: "use" });
  assert.deepEqual(parseEncoderSpec("hf:minilm"), { kind: "transformers", path: "minilm" });
  assert.throws(() => parseEncoderSpec("bert"), /Unknown encoder/);
});

// A tiny BERT-like model folder: WordPiece tokenizer + an ONNX graph that looks up token
// embeddings and zeroes padded positions, which is all feature extraction needs.
const VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "actor", "used", "powershell", "cat"];
const HIDDEN = 6;

async function writeTinyBert(dir: string): Promise<Float32Array> {
  const r = seededRandom(21);
  const table = Float32Array.from({ length: VOCAB.length * HIDDEN }, () => r() * 2 - 1);
  const special = (id: number, content: string) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const tokenizer = {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: VOCAB.slice(0, 4).map((t, i) => special(i, t)),
    normalizer: {
      type: "BertNormalizer",
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "[SEP]", type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "[SEP]", type_id: 0 } },
        { Sequence: { id: "B", type_id: 1 } },
        { SpecialToken: { id: "[SEP]", type_id: 1 } },
      ],
      special_tokens: {
        "[CLS]": { id: "[CLS]", ids: [2], tokens: ["[CLS]"] },
        "[SEP]": { id: "[SEP]", ids: [3], tokens: ["[SEP]"] },
      },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(VOCAB.map((t, i) => [t, i])),
    },
  };
  const config = {
    model_type: "bert",
    architectures: ["BertModel"],
    hidden_size: HIDDEN,
    vocab_size: VOCAB.length,
    num_attention_heads: 1,
    num_hidden_layers: 1,
    intermediate_size: HIDDEN,
    max_position_embeddings: 32,
  };
  const tokenizerConfig = {
    tokenizer_class: "BertTokenizer",
    do_lower_case: true,
    model_max_length: 32,
    pad_token: "[PAD]",
    unk_token: "[UNK]",
    cls_token: "[CLS]",
    sep_token: "[SEP]",
  };
  const f = OnnxType.FLOAT, i64 = OnnxType.INT64;
  const graph = encodeOnnxModel({
    name: "tiny_bert",
    nodes: [
      { opType: "Gather", inputs: ["table", "input_ids"], outputs: ["tokens"] },
      {
        opType: "Cast",
        inputs: ["attention_mask"],
        outputs: ["maskf"],
        attributes: { to: { kind: "int", value: f } },
      },
      { opType: "Unsqueeze", inputs: ["maskf", "last_axis"], outputs: ["mask3"] },
      { opType: "Mul", inputs: ["tokens", "mask3"], outputs: ["last_hidden_state"] },
    ],
    initializers: [
      { name: "table", type: f, dims: [VOCAB.length, HIDDEN], data: table },
      { name: "last_axis", type: i64, dims: [1], data: BigInt64Array.of(-1n) },
    ],
    inputs: [
      { name: "input_ids", type: i64, shape: ["batch", "sequence"] },
      { name: "attention_mask", type: i64, shape: ["batch", "sequence"] },
    ],
    outputs: [{ name: "last_hidden_state", type: f, shape: ["batch", "sequence", HIDDEN] }],
  });
  await Deno.mkdir(join(dir, "onnx"), { recursive: true });
  await Deno.writeTextFile(join(dir, "config.json"), JSON.stringify(config));
  await Deno.writeTextFile(join(dir, "tokenizer.json"), JSON.stringify(tokenizer));
  await Deno.writeTextFile(join(dir, "tokenizer_config.json"), JSON.stringify(tokenizerConfig));
  await Deno.writeFile(join(dir, "onnx", "model.onnx"), graph);
  return table;
}

/** What mean pooling + L2 normalisation should give for a list of token IDs. */
function expected(table: Float32Array, ids: number[]): Float32Array {
  const v = new Float32Array(HIDDEN);
  for (const id of ids) {
    for (let h = 0; h < HIDDEN; h++) v[h] += table[id * HIDDEN + h] / ids.length;
  }
  const n = norm(v);
  return v.map((x) => x / n);
}

Deno.test("TransformersEncoder loads a local model folder with remote loading off", async () => {
  const root = await Deno.makeTempDir();
  const dir = join(root, "tiny-bert");
  try {
    const table = await writeTinyBert(dir);
    const enc = await loadEncoder({ kind: "transformers", path: dir });
    assert.ok(enc instanceof TransformersEncoder);
    assert.equal(enc.dim, HIDDEN);
    assert.equal(enc.name, "hf:tiny-bert:fp32");
    // The short text is padded inside the batch: padding must not enter the mean.
    const [long, short, unknown] = await enc.embed([
      "The actor used PowerShell",
      "cat",
      "zebra",
    ]);
    const cases: [Float32Array, number[]][] = [
      [long, [2, 4, 5, 6, 7, 3]],
      [short, [2, 8, 3]],
      [unknown, [2, 1, 3]],
    ];
    for (const [got, ids] of cases) {
      assert.equal(got.length, HIDDEN);
      assert.ok(Math.abs(norm(got) - 1) < 1e-5, "unit length");
      const want = expected(table, ids);
      got.forEach((x, h) =>
        assert.ok(Math.abs(x - want[h]) < 1e-5, `dim ${h}: ${x} vs ${want[h]}`)
      );
    }
    const { env } = await import("@huggingface/transformers");
    assert.equal(env.allowRemoteModels, false);
    await assert.rejects(
      () => TransformersEncoder.load(join(root, "missing")),
      /not a Hugging Face model folder/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
