import assert from "node:assert/strict";
import { ingestText } from "../ingest/ingest.ts";
import { IngestError } from "../ingest/errors.ts";
import { defaultExtractor } from "../testing.ts";
import { analyzeDocument } from "./analyze_document.ts";
import { IsolatedAnalyzer } from "./isolated.ts";

const doc = ingestText(
  "The actor used schtasks to create a scheduled task and ran PowerShell to download tools.",
  "sample",
);

Deno.test("analysis in the worker equals analysis in process", async () => {
  const analyzer = new IsolatedAnalyzer({ timeoutMs: 60_000 });
  try {
    const inWorker = await analyzer.analyze(doc, { minScore: 0.2 });
    const inProcess = await analyzeDocument(await defaultExtractor(), doc, { minScore: 0.2 });
    assert.deepEqual(inWorker, inProcess);
    assert.ok(inWorker.techniques.some((t) => t.id === "T1053.005"));
  } finally {
    analyzer.close();
  }
});

Deno.test("an analysis that overruns fails with a timeout naming the report", async () => {
  const analyzer = new IsolatedAnalyzer({ timeoutMs: 1 });
  try {
    await assert.rejects(
      () => analyzer.analyze(doc),
      (e) => e instanceof IngestError && e.code === "timeout" && /"sample"/.test(e.message),
    );
  } finally {
    analyzer.close();
  }
});
