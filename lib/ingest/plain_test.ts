import assert from "node:assert/strict";
import { IngestError } from "./errors.ts";
import { decodeText, markdownToText, plainToText } from "./plain.ts";

function utf16(text: string, littleEndian: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  const units = (bom ? "\uFEFF" : "") + text;
  for (let i = 0; i < units.length; i++) view.setUint16(i * 2, units.charCodeAt(i), littleEndian);
  return out;
}

const SAMPLE = "APT28 used “spearphishing” – T1566.001 – against Ωmega GmbH.";

Deno.test("decodeText handles UTF-8 with and without BOM", () => {
  const utf8 = new TextEncoder().encode(SAMPLE);
  assert.equal(decodeText(utf8, "a.txt"), SAMPLE);
  assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]), "a.txt"), SAMPLE);
});

Deno.test("decodeText handles UTF-16 LE/BE with a BOM and guesses it without one", () => {
  assert.equal(decodeText(utf16(SAMPLE, true, true), "le.txt"), SAMPLE);
  assert.equal(decodeText(utf16(SAMPLE, false, true), "be.txt"), SAMPLE);
  assert.equal(decodeText(utf16(SAMPLE, true, false), "le-nobom.txt"), SAMPLE);
});

Deno.test("decodeText falls back to Windows-1252 for legacy text", () => {
  const cp1252 = new Uint8Array([0x93, 0x51, 0x75, 0x6f, 0x74, 0x65, 0x94, 0x20, 0x80, 0x35]);
  assert.equal(decodeText(cp1252, "old.txt"), "“Quote” €5");
});

Deno.test("decodeText rejects binary data, naming the file", () => {
  const binary = new Uint8Array(2048).map((_, i) => (i * 7919) % 256);
  assert.throws(
    () => decodeText(binary, "dump.txt"),
    (e: unknown) =>
      e instanceof IngestError && e.code === "unsupported_type" && e.status === 415 &&
      e.message.includes('"dump.txt"'),
  );
});

Deno.test("markdownToText drops syntax but keeps the words", () => {
  const md = "# Title #\n\nSee [the report](https://x.test/r) and ![chart](c.png).\n\n" +
    "* one\n1. two\n> quoted\n\n```bash\nwhoami\n```\n---\n";
  assert.equal(
    markdownToText(md),
    "Title\n\nSee the report and chart.\n\n- one\n- two\nquoted\n\n\nwhoami\n\n\n",
  );
});

Deno.test("plainToText titles Markdown by its first line that reads like a title", () => {
  const doc = plainToText(
    new TextEncoder().encode("# Operation Dust Storm\n\nBody text."),
    "a.md",
    "md",
  );
  assert.equal(doc.title, "Operation Dust Storm");
  assert.equal(doc.text, "Operation Dust Storm\n\nBody text.");
});
