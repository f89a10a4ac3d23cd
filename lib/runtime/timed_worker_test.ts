import assert from "node:assert/strict";
import { TimedWorker } from "./timed_worker.ts";

function sleeper(timeoutMs: number, script = "sleep_worker.ts") {
  return new TimedWorker<{ ms: number; fail?: boolean }, number>({
    script: new URL(`./testdata/${script}`, import.meta.url),
    timeoutMs,
    timeoutError: (label, ms) => new Error(`${label} took longer than ${ms} ms`),
    failure: (message) => new Error(`failed: ${message}`),
  });
}

Deno.test("timed worker: the limit counts from a job's start, not while it waits in the queue", async () => {
  const worker = sleeper(3_000);
  try {
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

Deno.test("timed worker: a worker's start-up (loading its modules) does not count against a job", async () => {
  // This worker spends 1.5 s before it can take jobs; the limit is 0.5 s and the job needs 10 ms.
  const worker = sleeper(500, "slow_boot_worker.ts");
  try {
    assert.equal(await worker.run({ ms: 10 }, "first.pdf"), 10);
    await assert.rejects(
      worker.run({ ms: 2_000 }, "slow.pdf"),
      /slow\.pdf took longer than 500 ms/,
    );
    // The replacement worker boots slowly again; the job after the overrun still gets its time.
    assert.equal(await worker.run({ ms: 10 }, "next.pdf"), 10);
  } finally {
    worker.close();
  }
});
