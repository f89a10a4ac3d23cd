/// <reference lib="deno.worker" />
/** Worker side of IsolatedAnalyzer: loads the extractor on the first job, then reuses it. */
import { serveJobs } from "../runtime/timed_worker.ts";
import { analyzeDocument } from "./analyze_document.ts";
import { Extractor } from "./extractor.ts";
import type { AnalyzeJob } from "./isolated.ts";

let extractor: Promise<Extractor> | undefined;

serveJobs(async ({ modelDir, doc, options }: AnalyzeJob) => {
  extractor ??= Extractor.load({ modelDir });
  return analyzeDocument(await extractor, doc, options);
});
