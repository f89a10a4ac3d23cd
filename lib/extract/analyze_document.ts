import type { IngestedDocument } from "../ingest/mod.ts";
import type { AnalyzeOptions, Extractor } from "./extractor.ts";
import type { AnalysisResult } from "./types.ts";

/** Analyse an ingested document, carrying its name, type, title and hash into the result. */
export function analyzeDocument(
  extractor: Extractor,
  doc: IngestedDocument,
  options: AnalyzeOptions = {},
): Promise<AnalysisResult> {
  return extractor.analyze(doc.text, {
    name: doc.name,
    type: doc.type,
    title: doc.title,
    sha256: doc.sha256,
    ...(doc.url ? { url: doc.url } : {}),
  }, options);
}
