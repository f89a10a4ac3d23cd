import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { detectType, ingestBytes, IngestError, ingestText } from "./mod.ts";
import { makeZip, readReport, REPORTS_DIR } from "./test_util.ts";

const IMAGE_ONLY = "GroupIB_Big_Airline_Heist_APT41.pdf";

/** Every file under the shared reports folder, relative paths. */
async function allReports(dir = REPORTS_DIR, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isDirectory) {
      out.push(...await allReports(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`));
    } else if (entry.isFile) out.push(`${prefix}${entry.name}`);
  }
  return out.sort();
}

function rejectsWith(code: string, status: number, name: string) {
  return (e: unknown) => {
    assert.ok(e instanceof IngestError, `expected IngestError, got ${e}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.status, status);
    assert.ok(e.message.includes(name), `message must name the file: ${e.message}`);
    return true;
  };
}

Deno.test("every real report ingests (or, image-only, fails with no_text)", async () => {
  const files = await allReports();
  assert.ok(files.length >= 10, `expected the shared reports, found ${files.length}`);
  for (const path of files) {
    const bytes = await readReport(path);
    const name = path.split("/").pop()!;
    if (name === IMAGE_ONLY) {
      await assert.rejects(() => ingestBytes(bytes, name), rejectsWith("no_text", 422, name));
      continue;
    }
    const doc = await ingestBytes(bytes, name);
    assert.equal(doc.type, name.split(".").pop(), path);
    assert.equal(doc.bytes, bytes.length);
    assert.equal(doc.sha256, createHash("sha256").update(bytes).digest("hex"));
    assert.ok(doc.title.length > 5, `${path}: no title`);
    assert.ok(doc.text.length > 3000, `${path}: only ${doc.text.length} chars`);
    assert.ok(!/\n{3,}/.test(doc.text) && doc.text === doc.text.trim(), `${path}: untidy layout`);
    assert.ok(!/[\uFFFD\u00A0\u200B\uFB01\uFB02]/.test(doc.text), `${path}: odd characters left`);
  }
});

Deno.test("AA20-302A as PDF, HTML and DOCX: same advisory, same key phrases", async () => {
  const docs = await Promise.all(
    ["pdf", "html", "docx"].map(async (ext) => {
      const name = `AA20-302A.${ext}`;
      return await ingestBytes(await readReport(name), name);
    }),
  );
  const phrases = [
    "anchor_dns uses a single-byte XOR cipher",
    "scheduled tasks that run every 15 minutes",
    "credential harvesting, mail exfiltration, cryptomining, point-of-sale data exfiltration",
    "Ransomware Activity Targeting the Healthcare and Public Health Sector",
  ];
  const vocab = (t: string) => new Set(t.toLowerCase().match(/[a-z][a-z0-9_]{3,}/g));
  for (const doc of docs) {
    assert.ok(doc.text.length > 10_000, `${doc.name}: only ${doc.text.length} chars`);
    const flat = doc.text.replace(/\s+/g, " ");
    for (const p of phrases) assert.ok(flat.includes(p), `${doc.name} lacks "${p}"`);
    assert.equal(doc.text.match(/Ryuk/g)?.length, 36, `${doc.name}: Ryuk count`);
    assert.ok(doc.title.includes("Ransomware Activity Targeting the Healthcare"), doc.title);
  }
  const [pdf, html, docx] = docs.map((d) => vocab(d.text));
  for (
    const [a, b, label] of [[pdf, html, "pdf/html"], [pdf, docx, "pdf/docx"], [
      html,
      docx,
      "html/docx",
    ]] as const
  ) {
    const shared = [...a].filter((w) => b.has(w)).length;
    const jaccard = shared / (a.size + b.size - shared);
    assert.ok(jaccard > 0.95, `${label} vocabularies differ: Jaccard ${jaccard.toFixed(3)}`);
  }
});

Deno.test("ingestBytes: empty input is 'empty' (400)", async () => {
  await assert.rejects(
    () => ingestBytes(new Uint8Array(0), "blank.pdf"),
    rejectsWith("empty", 400, "blank.pdf"),
  );
});

Deno.test("ingestBytes: input over maxBytes is 'too_large' (413) before any parsing", async () => {
  const bytes = new TextEncoder().encode("x".repeat(2048));
  await assert.rejects(
    () => ingestBytes(bytes, "big.txt", { maxBytes: 1024 }),
    rejectsWith("too_large", 413, "big.txt"),
  );
});

Deno.test("ingestBytes: PNG, EXE, random bytes and a non-Word ZIP are 'unsupported_type' (415)", async () => {
  const png = new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    0,
    0,
    0,
    13,
    0x49,
    0x48,
  ]);
  const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04]);
  const random = crypto.getRandomValues(new Uint8Array(4096));
  random[10] = 0;
  const cases: Array<[Uint8Array, string, string]> = [
    [png, "screenshot.png", "PNG image"],
    [exe, "report.pdf.exe", "Windows executable"],
    [random, "noise.bin", "binary"],
    [makeZip({ "readme.txt": "hello" }), "report.docx", "ZIP archive that is not a Word document"],
  ];
  for (const [bytes, name, what] of cases) {
    await assert.rejects(() => ingestBytes(bytes, name), (e: unknown) => {
      rejectsWith("unsupported_type", 415, name)(e);
      const message = (e as Error).message;
      assert.ok(message.includes(what), message);
      assert.ok(/PDF.*HTML.*DOCX/.test(message), `supported types not listed: ${message}`);
      return true;
    });
  }
});

Deno.test("ingestBytes: truncated PDF is 'corrupt' (422)", async () => {
  const cut = (await readReport("AA20-302A.pdf")).slice(0, 1000);
  await assert.rejects(() => ingestBytes(cut, "cut.pdf"), rejectsWith("corrupt", 422, "cut.pdf"));
});

Deno.test("ingestBytes: a text file that is only whitespace is 'no_text' (422)", async () => {
  const bytes = new TextEncoder().encode(" \n\t\n ");
  await assert.rejects(
    () => ingestBytes(bytes, "blank.txt"),
    rejectsWith("no_text", 422, "blank.txt"),
  );
});

Deno.test("ingestBytes: UTF-16 text file with BOM", async () => {
  const text = "Kimsuky used spearphishing\r\nwith malicious attachments.";
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) bytes[2 + 2 * i] = text.charCodeAt(i);
  const doc = await ingestBytes(bytes, "note.txt");
  assert.equal(doc.type, "txt");
  assert.equal(doc.text, "Kimsuky used spearphishing\nwith malicious attachments.");
  assert.equal(doc.title, "Kimsuky used spearphishing");
});

Deno.test("ingestText: pasted text, hash of its UTF-8 bytes", () => {
  const text = "  APT41 Report\n\nThe group used ﬁle\u00A0shares.  ";
  const doc = ingestText(text);
  assert.equal(doc.name, "pasted text");
  assert.equal(doc.type, "text");
  assert.equal(doc.title, "APT41 Report");
  assert.equal(doc.text, "APT41 Report\n\nThe group used file shares.");
  const utf8 = new TextEncoder().encode(text);
  assert.equal(doc.sha256, createHash("sha256").update(utf8).digest("hex"));
  assert.equal(doc.bytes, utf8.length);
  assert.throws(() => ingestText(" \n "), rejectsWith("empty", 400, "pasted text"));
  assert.throws(
    () => ingestText("abcdef", "clip", { maxBytes: 3 }),
    rejectsWith("too_large", 413, "clip"),
  );
});

Deno.test("detectType is part of the public surface", () => {
  assert.equal(detectType(new TextEncoder().encode("%PDF-1.7"), "x"), "pdf");
});
