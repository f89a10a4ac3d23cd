// Test worker: waits `ms` milliseconds (busy, like a parser would be) and answers with `ms`;
// `fail` makes it throw.
import { serveJobs } from "../timed_worker.ts";

serveJobs<{ ms: number; fail?: boolean }, number>((request) => {
  const end = Date.now() + request.ms;
  while (Date.now() < end) { /* busy, so the worker cannot be interrupted cooperatively */ }
  if (request.fail) throw new Error("bad input");
  return Promise.resolve(request.ms);
});
