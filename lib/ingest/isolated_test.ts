import assert from "node:assert/strict";
import { join } from "node:path";
import { SHARED_DATA_DIR } from "../data/paths.ts";
import { IngestError } from "./errors.ts";
import { IsolatedIngester } from "./isolated.ts";

const reports = join(SHARED_DATA_DIR, "reports");

Deno.test("isolated ingestion gives the same document and the same errors", async () => {
  const ingester = new IsolatedIngester({ timeoutMs: 30_000 });
  try {
    const doc = await ingester.ingest(await Deno.readFile(join(reports, "AA20-302A.pdf")), "a.pdf");
    assert.equal(doc.type, "pdf");
    assert.ok(doc.text.includes("Ryuk"));
    const scanned = await Deno.readFile(join(reports, "GroupIB_Big_Airline_Heist_APT41.pdf"));
    await assert.rejects(
      () => ingester.ingest(scanned, "scan.pdf"),
      (e) => e instanceof IngestError && e.code === "no_text",
    );
  } finally {
    ingester.close();
  }
});

Deno.test("a parse that overruns is stopped and the next file still works", async () => {
  const ingester = new IsolatedIngester({ timeoutMs: 1 });
  try {
    const pdf = await Deno.readFile(join(reports, "AA20-302A.pdf"));
    await assert.rejects(
      () => ingester.ingest(pdf, "slow.pdf"),
      (e) => e instanceof IngestError && e.code === "timeout" && /slow\.pdf/.test(e.message),
    );
  } finally {
    ingester.close();
  }
  const fresh = new IsolatedIngester({ timeoutMs: 30_000 });
  try {
    const doc = await fresh.ingest(new TextEncoder().encode("Plain text report."), "r.txt");
    assert.equal(doc.text, "Plain text report.");
  } finally {
    fresh.close();
  }
});

Deno.test("a file that overruns fails alone: files queued behind it still parse", async () => {
  const ingester = new IsolatedIngester({ timeoutMs: 2_000 });
  try {
    // A 20,000-page PDF stalls pdf.js far beyond two seconds.
    const pages = Array.from({ length: 20000 }, () => "BT /F1 9 Tf 20 20 Td (text) Tj ET");
    const slow = minimalPdf(pages);
    const stalled = ingester.ingest(slow, "stall.pdf");
    const queued = ingester.ingest(new TextEncoder().encode("Queued report text."), "q.txt");
    await assert.rejects(() => stalled, (e) => e instanceof IngestError && e.code === "timeout");
    assert.equal((await queued).text, "Queued report text.");
  } finally {
    ingester.close();
  }
});

/** A valid PDF with one page per content stream. */
function minimalPdf(contents: string[]): Uint8Array {
  const objects: string[] = [];
  const n = contents.length;
  const kids = contents.map((_, i) => `${4 + 2 * i} 0 R`).join(" ");
  objects.push("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${n} >>`);
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  contents.forEach((c, i) => {
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 3 0 R >> >> /Contents ${
        5 + 2 * i
      } 0 R >>`,
    );
    objects.push(`<< /Length ${c.length} >>\nstream\n${c}\nendstream`);
  });
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
