/**
 * Analysis in a worker with a time limit, so a very long text never freezes the server that
 * answers other analysts meanwhile. The worker loads the same model folder once.
 */
import type { IngestedDocument } from "../ingest/types.ts";
import { IngestError } from "../ingest/errors.ts";
import { TimedWorker } from "../runtime/timed_worker.ts";
import type { AnalyzeOptions } from "./extractor.ts";
import type { AnalysisResult } from "./types.ts";

/** What the analysis worker is asked to do. */
export interface AnalyzeJob {
  modelDir?: string;
  doc: IngestedDocument;
  options: Pick<AnalyzeOptions, "minScore">;
}

/** A warm worker holding a loaded extractor; each analysis has a time limit. */
export class IsolatedAnalyzer {
  #worker: TimedWorker<AnalyzeJob, AnalysisResult>;
  #modelDir?: string;

  constructor(options: { timeoutMs?: number; modelDir?: string } = {}) {
    this.#modelDir = options.modelDir;
    this.#worker = new TimedWorker({
      script: new URL("./isolated_worker.ts", import.meta.url),
      timeoutMs: options.timeoutMs ?? 120_000,
      timeoutError: (name, ms) =>
        new IngestError(
          "timeout",
          `Analysing "${name}" took longer than ${
            Math.round(ms / 1000)
          } s and was stopped. Split the report into smaller parts and analyse them one by one.`,
        ),
      failure: (message) => new Error(message),
    });
  }

  /** Analyse a document in the worker (same result as `analyzeDocument`). */
  analyze(doc: IngestedDocument, options: AnalyzeJob["options"] = {}): Promise<AnalysisResult> {
    return this.#worker.run({ modelDir: this.#modelDir, doc, options }, doc.name);
  }

  /** Stop the worker (pending calls fail). */
  close(): void {
    this.#worker.close();
  }
}
