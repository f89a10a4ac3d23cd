/// <reference lib="deno.worker" />
/** Worker side of IsolatedIngester. */
import { serveJobs } from "../runtime/timed_worker.ts";
import { IngestError } from "./errors.ts";
import { ingestBytes } from "./ingest.ts";
import type { IngestJob } from "./isolated.ts";

serveJobs(
  ({ bytes, name, options }: IngestJob) => ingestBytes(bytes, name, options),
  (e) => (e instanceof IngestError ? e.code : undefined),
);
