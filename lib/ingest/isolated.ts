/**
 * Parsing in a worker with a time limit: pdf.js and mammoth run synchronously for a long time on
 * hostile or huge files, which would freeze a server.
 */
import { TimedWorker } from "../runtime/timed_worker.ts";
import { IngestError, type IngestErrorCode } from "./errors.ts";
import type { BytesOptions } from "./ingest.ts";
import type { IngestedDocument } from "./types.ts";

/** What the parsing worker is asked to do. */
export interface IngestJob {
  bytes: Uint8Array;
  name: string;
  options: BytesOptions;
}

/** A warm worker that ingests bytes off the main thread, with a per-file time limit. */
export class IsolatedIngester {
  #worker: TimedWorker<IngestJob, IngestedDocument>;

  constructor(options: { timeoutMs?: number } = {}) {
    this.#worker = new TimedWorker({
      script: new URL("./isolated_worker.ts", import.meta.url),
      timeoutMs: options.timeoutMs ?? 60_000,
      timeoutError: (name, ms) =>
        new IngestError(
          "timeout",
          `"${name}" took longer than ${
            Math.round(ms / 1000)
          } s to parse and was stopped. The file may be damaged or built to stall parsers; try exporting it again.`,
        ),
      failure: (message, code) =>
        code ? new IngestError(code as IngestErrorCode, message) : new Error(message),
    });
  }

  /** Ingest bytes like `ingestBytes`, in the worker; overruns fail with code "timeout". */
  ingest(bytes: Uint8Array, name: string, options: BytesOptions = {}): Promise<IngestedDocument> {
    return this.#worker.run({ bytes, name, options }, name);
  }

  /** Stop the worker (pending calls fail). */
  close(): void {
    this.#worker.close();
  }
}
