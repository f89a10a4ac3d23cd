import assert from "node:assert/strict";
import { docxToText } from "./docx.ts";
import { IngestError } from "./errors.ts";
import { makeDocx, readReport, wPara } from "./test_util.ts";

Deno.test("docxToText: headings, paragraphs and tables go through the HTML path", async () => {
  const cell = (t: string) => `<w:tc>${wPara(t)}</w:tc>`;
  const body = wPara("Operation Wocao", "Heading1") +
    wPara("The actor used Mimikatz &amp; PsExec.") +
    `<w:tbl><w:tr>${cell("Tool")}${cell("Use")}</w:tr><w:tr>${cell("Mimikatz")}${
      cell("Credential dumping")
    }</w:tr></w:tbl>` +
    wPara("Closing note.");
  const { title, text } = await docxToText(makeDocx(body), "wocao.docx");
  assert.equal(title, "Operation Wocao");
  assert.equal(
    text,
    "Operation Wocao\n\nThe actor used Mimikatz & PsExec.\n\nTool | Use\nMimikatz | Credential dumping\n\nClosing note.",
  );
});

Deno.test("docxToText: a damaged DOCX is 'corrupt' and the message names the file", async () => {
  const real = await readReport("AA20-302A.docx");
  await assert.rejects(
    () => docxToText(real.slice(0, 200_000), "cut.docx"),
    (e: unknown) =>
      e instanceof IngestError && e.code === "corrupt" && e.status === 422 &&
      e.message.includes('"cut.docx"'),
  );
});

Deno.test("real AA20-302A.docx: full advisory text and title", async () => {
  const { title, text } = await docxToText(await readReport("AA20-302A.docx"), "AA20-302A.docx");
  assert.equal(title, "Ransomware Activity Targeting the Healthcare and Public Health Sector");
  assert.ok(text.length > 10_000, `only ${text.length} chars`);
  assert.ok(text.includes("anchor_dns uses a single-byte XOR cipher"));
  assert.ok(!text.includes("data:image"), "images must not leak in as data URIs");
});
