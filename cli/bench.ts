/**
 * `deno task bench`: how fast the shipped model loads and analyses real reports on this machine.
 * Prints figures; targets (load < 2 s, a 20-page report < 1 s after load) are read, not asserted.
 */
import { basename } from "node:path";
import { analyzeDocument, Extractor } from "../lib/extract/mod.ts";
import { ingestBytes } from "../lib/ingest/mod.ts";
import { reportPath } from "../lib/testing.ts";

const files = [
  "AA20-302A.pdf",
  "AA20-302A.html",
  "AA20-302A.docx",
  "aptnotes/Inside_EquationDrug_Espionage_Platform.pdf",
  "aptnotes/XtremeRAT_fireeye.pdf",
];
const seconds = (ms: number) => (ms / 1000).toFixed(3);

let t = performance.now();
const extractor = await Extractor.load();
console.log(
  `model load (knowledge base + ${extractor.components.map((c) => c.name).join(" + ")}): ${
    seconds(performance.now() - t)
  } s`,
);

for (const file of files) {
  const bytes = await Deno.readFile(reportPath(file));
  t = performance.now();
  const doc = await ingestBytes(bytes, basename(file));
  const ingestMs = performance.now() - t;
  const runs: number[] = [];
  let techniques = 0;
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    techniques = (await analyzeDocument(extractor, doc)).techniques.length;
    runs.push(performance.now() - t);
  }
  const best = Math.min(...runs);
  const pages = Math.round(doc.text.length / 3000);
  console.log(
    `${file.padEnd(48)} ${String(doc.text.length).padStart(7)} chars (~${pages} pages)  ingest ${
      seconds(ingestMs)
    } s  analyse ${seconds(best)} s (best of 3)  ${techniques} techniques`,
  );
}
