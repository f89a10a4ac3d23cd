import assert from "node:assert/strict";
import { TimedWorker } from "./timed_worker.ts";

function sleeper(timeoutMs: number) {
  return new TimedWorker<{ ms: number; fail?: boolean }, number>({
    script: new URL("./testdata/sleep_worker.ts", import.meta.url),
    timeoutMs,
    timeoutError: (label, ms) => new Error(`${label} took longer than ${ms} ms`),
    failure: (message) => new Error(`failed: ${message}`),
  });
}

Deno.test("timed worker: the limit counts from a job's start, not while it waits in the queue", async () => {
  const worker = sleeper(3_000);
  try {
    await worker.run({ ms: 0 }, "warm-up"); // starting the worker is not part of the test
    // Together they need ~4 s, each alone 1 s: none may time out.
    const all = await Promise.all([1, 2, 3, 4].map((k) => worker.run({ ms: 1_000 }, `job ${k}`)));
    assert.deepEqual(all, [1_000, 1_000, 1_000, 1_000]);
  } finally {
    worker.close();
  }
});

Deno.test("timed worker: an overrun or a failure fails alone; the queue goes on in a new worker", async () => {
  const worker = sleeper(2_000);
  try {
    await worker.run({ ms: 0 }, "warm-up");
    const slow = worker.run({ ms: 8_000 }, "slow.pdf");
    const bad = worker.run({ ms: 10, fail: true }, "bad.pdf");
    const fine = worker.run({ ms: 10 }, "fine.pdf");
    await assert.rejects(slow, /slow\.pdf took longer than 2000 ms/);
    await assert.rejects(bad, /failed: bad input/);
    assert.equal(await fine, 10);
    assert.equal(worker.queued, 0);
  } finally {
    worker.close();
  }
});
