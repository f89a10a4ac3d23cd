import assert from "node:assert/strict";
import { join } from "node:path";
import { Extractor } from "../lib/extract/mod.ts";
import { AnalysisStore } from "../lib/store/mod.ts";
import { defaultExtractor } from "../lib/testing.ts";
import { createApp } from "./app.ts";
import { readBody } from "./body.ts";
import { HttpError } from "./errors.ts";
import { call, withServer } from "./_test_server.ts";

Deno.test("API: a known path with the wrong method is 405 with Allow; unknown paths 404", async () => {
  await withServer({}, async (base) => {
    const wrong = await call(`${base}/api/analyze`, { method: "GET" });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.body.code, "method_not_allowed");
    assert.match(wrong.headers.get("allow") ?? "", /POST/);
    const byId = await call(`${base}/api/analyses/3`, { method: "POST" });
    assert.equal(byId.status, 405);
    assert.match(byId.headers.get("allow") ?? "", /GET/);
    assert.equal((await call(`${base}/api/nothing-here`)).status, 404);
  });
});

Deno.test("API: analysis ids are plain digits (no 0x10, 1e1 or padded numbers)", async () => {
  await withServer({}, async (base) => {
    for (const id of ["0x10", "1e1", "%201", "-1", "0", "1.0", "99999999999999999999"]) {
      const res = await call(`${base}/api/analyses/${id}`);
      assert.equal(res.status, 400, `${id} -> ${res.status}`);
    }
    assert.equal((await call(`${base}/api/analyses/12345`)).status, 404);
  });
});

Deno.test("readBody: a body that stalls past the deadline is 408, one too large 413", async () => {
  const stalled = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("partial"));
    },
  });
  const slow = new Request("http://local/", { method: "POST", body: stalled });
  await assert.rejects(
    readBody(slow, 1024, "too large", 150),
    (e: unknown) => e instanceof HttpError && e.status === 408,
  );
  const big = new Request("http://local/", { method: "POST", body: "x".repeat(2048) });
  await assert.rejects(
    readBody(big, 1024, "too large", 5000),
    (e: unknown) => e instanceof HttpError && e.status === 413 && e.message === "too large",
  );
  const ok = new Request("http://local/", { method: "POST", body: "hello" });
  assert.equal(new TextDecoder().decode(await readBody(ok, 1024, "too large", 5000)), "hello");
});

Deno.test("API: re-uploads reuse an analysis only when the same model made it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ttp-reuse-" });
  const store = AnalysisStore.open(join(dir, "ttp.sqlite"));
  try {
    const current = await defaultExtractor();
    const retrained = new Extractor(current.kb, [...current.components], {
      ...current.meta,
      version: `${current.meta.version}-retrained`,
    }, { stacker: current.stacker, relevance: current.relevance });
    const post = async (extractor: Extractor) => {
      const res = await createApp(extractor, { store }).fetch(
        new Request("http://local/api/analyze", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ text: "The actor used Mimikatz to dump LSASS memory." }),
        }),
      );
      assert.equal(res.status, 200);
      return (await res.json()).analysis as { id: number; reused: boolean };
    };
    const first = await post(current);
    assert.equal((await post(current)).reused, true);
    const after = await post(retrained);
    assert.equal(after.reused, false, "a retrained model analyses the file afresh");
    assert.notEqual(after.id, first.id);
    assert.deepEqual(await post(retrained), { ...after, reused: true });
  } finally {
    store.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("API: media types are case-insensitive; upload names lose bidi tricks and stay short", async () => {
  await withServer({}, async (base) => {
    const res = await fetch(`${base}/api/analyze`, {
      method: "POST",
      headers: { "content-type": "Application/JSON; Charset=UTF-8" },
      body: JSON.stringify({ text: "The actor used Mimikatz to dump LSASS memory." }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    await res.body?.cancel();

    const form = new FormData();
    const tricky = "report_\u202Etxt.exe" + "x".repeat(5000) + ".txt";
    form.append("file", new File(["The actor created a scheduled task with schtasks."], tricky));
    const up = await call(`${base}/api/analyze`, { method: "POST", body: form });
    assert.equal(up.status, 200, up.body.error);
    const name = (up.body.source as { name: string }).name;
    assert.ok(name.length <= 200, `${name.length} characters`);
    assert.ok(!name.includes("\u202E"));
    assert.match(name, /^report_txt\.exe/);
    assert.match(name, /\.txt$/, "the extension survives");
  });
});

Deno.test("API: minScore must be a number (true, [0.5] and {} are 400, not coerced)", async () => {
  await withServer({}, async (base) => {
    const text = "The actor used Mimikatz to dump LSASS memory.";
    for (const minScore of [true, [0.5], {}, "abc"]) {
      const res = await call(`${base}/api/analyze`, { method: "POST", json: { text, minScore } });
      assert.equal(res.status, 400, JSON.stringify(minScore));
      assert.match(res.body.error ?? "", /minScore/);
    }
    const ok = await call(`${base}/api/analyze`, { method: "POST", json: { text, minScore: 0.5 } });
    assert.equal(ok.status, 200);
  });
});
