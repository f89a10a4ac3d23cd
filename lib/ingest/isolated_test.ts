import assert from "node:assert/strict";
import { join } from "node:path";
import { SHARED_DATA_DIR } from "../data/paths.ts";
import { IngestError } from "./errors.ts";
import { IsolatedIngester } from "./isolated.ts";
import { makeTextPdf } from "./test_util.ts";

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
  const ingester = new IsolatedIngester({ timeoutMs: 2_000, workers: 1 });
  try {
    // A 20,000-page PDF stalls pdf.js far beyond two seconds.
    const slow = makeTextPdf(Array.from({ length: 20000 }, () => ["text"]));
    const stalled = ingester.ingest(slow, "stall.pdf");
    const queued = ingester.ingest(new TextEncoder().encode("Queued report text."), "q.txt");
    await assert.rejects(() => stalled, (e) => e instanceof IngestError && e.code === "timeout");
    assert.equal((await queued).text, "Queued report text.");
  } finally {
    ingester.close();
  }
});

Deno.test("a file built to stall one parser does not hold up the next upload", async () => {
  const ingester = new IsolatedIngester({ timeoutMs: 8_000, workers: 2 });
  try {
    const slow = makeTextPdf(Array.from({ length: 40000 }, () => ["text"]));
    const stalled = ingester.ingest(slow, "stall.pdf").then(() => "stall", () => "stall");
    const small = ingester.ingest(new TextEncoder().encode("Next report."), "next.txt")
      .then((d) => d.text);
    assert.equal(await Promise.race([stalled, small]), "Next report.");
    await stalled;
  } finally {
    ingester.close();
  }
});
