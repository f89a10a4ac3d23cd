/**
 * Parsing in a worker with a time limit: pdf.js and mammoth run synchronously for a long time on
 * hostile or huge files, which would freeze a server. The worker is kept warm between calls and
 * replaced when a parse overruns.
 */
import { IngestError, type IngestErrorCode } from "./errors.ts";
import type { BytesOptions } from "./ingest.ts";
import type { IngestedDocument } from "./types.ts";

interface Job {
  resolve: (doc: IngestedDocument) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  message: { id: number; bytes: Uint8Array; name: string; options: BytesOptions };
}

type Reply =
  | { id: number; ok: true; doc: IngestedDocument }
  | { id: number; ok: false; code?: IngestErrorCode; message: string };

/** A warm worker that ingests bytes off the main thread, with a per-file time limit. */
export class IsolatedIngester {
  #worker?: Worker;
  #jobs = new Map<number, Job>();
  #next = 1;
  #timeoutMs: number;

  constructor(options: { timeoutMs?: number } = {}) {
    this.#timeoutMs = options.timeoutMs ?? 60_000;
  }

  #spawn(): Worker {
    const worker = new Worker(new URL("./isolated_worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (e: MessageEvent<Reply>) => {
      const job = this.#jobs.get(e.data.id);
      if (!job) return;
      this.#jobs.delete(e.data.id);
      clearTimeout(job.timer);
      if (e.data.ok) job.resolve(e.data.doc);
      else {
        job.reject(
          e.data.code ? new IngestError(e.data.code, e.data.message) : new Error(e.data.message),
        );
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      this.#fail(new Error(`the parser crashed: ${e.message}`));
    };
    return worker;
  }

  #fail(error: Error): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    for (const job of this.#jobs.values()) {
      clearTimeout(job.timer);
      job.reject(error);
    }
    this.#jobs.clear();
  }

  /** Ingest bytes like `ingestBytes`, in the worker; overruns fail with code "timeout". */
  ingest(bytes: Uint8Array, name: string, options: BytesOptions = {}): Promise<IngestedDocument> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      const job = {
        resolve,
        reject,
        timer: 0 as unknown as Job["timer"],
        message: { id, bytes, name, options },
      };
      this.#jobs.set(id, job);
      this.#start(job);
    });
  }

  #start(job: Job): void {
    this.#worker ??= this.#spawn();
    job.timer = setTimeout(() => this.#overrun(job), this.#timeoutMs);
    this.#worker.postMessage(job.message);
  }

  /** Stop the worker that hangs on `job`; the other files it held start again in a new one. */
  #overrun(job: Job): void {
    this.#jobs.delete(job.message.id);
    this.#worker?.terminate();
    this.#worker = undefined;
    job.reject(
      new IngestError(
        "timeout",
        `"${job.message.name}" took longer than ${
          Math.round(this.#timeoutMs / 1000)
        } s to parse and was stopped. The file may be damaged or built to stall parsers; try exporting it again.`,
      ),
    );
    for (const other of this.#jobs.values()) {
      clearTimeout(other.timer);
      this.#start(other);
    }
  }

  /** Stop the worker (pending calls fail). */
  close(): void {
    this.#fail(new Error("ingester closed"));
  }
}
