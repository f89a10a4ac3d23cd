import assert from "node:assert/strict";
import { IngestError } from "./errors.ts";
import { pdfToText } from "./pdf.ts";
import { makeEncryptedPdf, makeTextPdf, readReport } from "./test_util.ts";

function isIngestError(code: string, name: string) {
  return (e: unknown) =>
    e instanceof IngestError && e.code === code && e.status === 422 &&
    e.message.includes(`"${name}"`);
}

Deno.test("pdfToText: generated PDF round-trips through pdf.js with layout repair", async () => {
  const header = "ACME Threat Intel | Confidential";
  const pdf = makeTextPdf(
    [
      [
        header,
        "Initial Access",
        "The actor gained persis-",
        "tence via a command-and-",
        "control implant.",
        "1",
      ],
      [header, "Second page body about con\xAEguration.", "2"],
      [header, "Third page body.", "3"],
    ],
    "Microsoft Word - Operation Test",
  );
  const { title, text } = await pdfToText(pdf, "gen.pdf");
  assert.equal(title, "Operation Test");
  assert.equal(
    text,
    "Initial Access\n\nThe actor gained persistence via a command-and-control implant.\n\n" +
      "Second page body about configuration.\n\nThird page body.",
  );
});

Deno.test("pdfToText: title falls back to the first title-like line", async () => {
  const pdf = makeTextPdf(
    [["TLP:CLEAR", "Lazarus Targets Crypto Exchanges", "Body."]],
    "report.docx",
  );
  assert.equal((await pdfToText(pdf, "x.pdf")).title, "Lazarus Targets Crypto Exchanges");
});

Deno.test("pdfToText: truncated PDF is 'corrupt'", async () => {
  const real = await readReport("AA20-302A.pdf");
  await assert.rejects(
    () => pdfToText(real.slice(0, 1000), "cut.pdf"),
    isIngestError("corrupt", "cut.pdf"),
  );
});

Deno.test("pdfToText: password-protected PDF is 'encrypted'", async () => {
  await assert.rejects(
    () => pdfToText(makeEncryptedPdf(), "locked.pdf"),
    isIngestError("encrypted", "locked.pdf"),
  );
});

Deno.test("pdfToText: image-only PDF (GroupIB) is 'no_text' and suggests OCR", async () => {
  const name = "GroupIB_Big_Airline_Heist_APT41.pdf";
  await assert.rejects(
    () => readReport(name).then((b) => pdfToText(b, name)),
    (e: unknown) =>
      isIngestError("no_text", name)(e) && /text layer/.test((e as Error).message) &&
      /ocrmypdf/.test((e as Error).message),
  );
});

Deno.test("pdfToText: does not hand pdf.js the caller's buffer", async () => {
  const bytes = makeTextPdf([["Some text long enough to count as a text layer."]]);
  await pdfToText(bytes, "a.pdf");
  assert.equal(bytes.byteLength > 0, true, "buffer was transferred away");
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 5)), "%PDF-");
});

Deno.test("pdf.js keeps stdout clean even for damaged PDFs", async () => {
  const code = `
    import { ingestBytes } from "./lib/ingest/mod.ts";
    const real = await Deno.readFile(${
    JSON.stringify(new URL("../../../shared/data/reports/AA20-302A.pdf", import.meta.url).pathname)
  });
    for (const n of [1000, 700000]) await ingestBytes(real.slice(0, n), "cut.pdf").catch(() => {});
    await ingestBytes(real, "AA20-302A.pdf");`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", code],
    cwd: new URL("../../", import.meta.url),
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.equal(new TextDecoder().decode(out.stdout), "");
});
