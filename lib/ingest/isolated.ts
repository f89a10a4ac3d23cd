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

/**
 * Warm workers that ingest bytes off the main thread, with a per-file time limit. Each file goes
 * to the least busy worker, so one file built to stall a parser holds up only one of them.
 */
export class IsolatedIngester {
  #workers: TimedWorker<IngestJob, IngestedDocument>[];

  constructor(options: { timeoutMs?: number; workers?: number } = {}) {
    const count = Math.max(1, options.workers ?? 2);
    this.#workers = Array.from({ length: count }, () => this.#spawn(options.timeoutMs));
  }

  #spawn(timeoutMs?: number): TimedWorker<IngestJob, IngestedDocument> {
    return new TimedWorker({
      script: new URL("./isolated_worker.ts", import.meta.url),
      timeoutMs: timeoutMs ?? 60_000,
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
    const idle = this.#workers.reduce((a, b) => (b.load < a.load ? b : a));
    return idle.run({ bytes, name, options }, name);
  }

  /** Stop the workers (pending calls fail). */
  close(): void {
    for (const w of this.#workers) w.close();
  }
}
