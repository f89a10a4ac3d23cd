import assert from "node:assert/strict";
import { pinnedFetch } from "./pinned_fetch.ts";

const gzip = async (text: string) =>
  new Uint8Array(
    await new Response(
      new Blob([text]).stream().pipeThrough(new CompressionStream("gzip")),
    ).arrayBuffer(),
  );

Deno.test("pinnedFetch: connects to the resolved address, decodes gzip, keeps status and headers, follows no redirect", async () => {
  const report = "<html><body><p>The actor used scheduled tasks.</p></body></html>".repeat(50);
  const agents: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    agents.push(req.headers.get("user-agent") ?? "");
    const path = new URL(req.url).pathname;
    if (path === "/moved") return new Response(null, { status: 302, headers: { location: "/r" } });
    if (path === "/empty") return new Response(null, { status: 204 });
    return new Response(await gzip(report), {
      headers: { "content-type": "text/html", "content-encoding": "gzip", "x-report": "1" },
    });
  });
  const resolved: string[] = [];
  const doFetch = pinnedFetch((host) => {
    resolved.push(host);
    return Promise.resolve(["127.0.0.1"]);
  }, () => {});
  try {
    const base = `http://reports.example:${server.addr.port}`;
    const ok = await doFetch(`${base}/r`, { headers: { "user-agent": "ttp-test" } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("x-report"), "1");
    assert.equal(ok.headers.get("content-encoding"), null);
    assert.equal(await ok.text(), report);
    const moved = await doFetch(`${base}/moved`);
    assert.equal(moved.status, 302);
    assert.equal(moved.headers.get("location"), "/r");
    await moved.body?.cancel();
    const empty = await doFetch(`${base}/empty`);
    assert.equal(empty.status, 204);
    assert.equal(empty.body, null);
    assert.equal(agents[0], "ttp-test");
    assert.ok(resolved.length >= 1 && resolved.every((h) => h === "reports.example"));
  } finally {
    await server.shutdown();
  }
});

Deno.test("pinnedFetch: a refused address fails before any byte is sent", async () => {
  let hits = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () => {
    hits++;
    return new Response("no");
  });
  const doFetch = pinnedFetch(() => Promise.resolve(["127.0.0.1"]), (addresses) => {
    throw new Error(`refused ${addresses.join(",")}`);
  });
  try {
    await assert.rejects(
      () => doFetch(`http://reports.example:${server.addr.port}/`),
      /refused 127\.0\.0\.1/,
    );
    assert.equal(hits, 0);
  } finally {
    await server.shutdown();
  }
});
