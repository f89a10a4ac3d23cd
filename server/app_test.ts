import assert from "node:assert/strict";
import { reportPath } from "../lib/testing.ts";
import { withServer } from "./_test_server.ts";

Deno.test("API: health, PDF upload, JSON text, errors as JSON with status", async () => {
  await withServer({ noStore: true }, async (base) => {
    const health = await (await fetch(`${base}/api/health`)).json();
    assert.equal(health.status, "ok");
    assert.equal(health.attack.version, "18.1");

    const form = new FormData();
    const pdf = await Deno.readFile(reportPath("AA20-302A.pdf"));
    form.set("file", new File([pdf], "AA20-302A.pdf", { type: "application/pdf" }));
    const res = await fetch(`${base}/api/analyze`, { method: "POST", body: form });
    assert.equal(res.status, 200);
    const result = await res.json();
    assert.equal(result.source.name, "AA20-302A.pdf");
    assert.equal(result.source.type, "pdf");
    assert.ok(result.techniques.some((t: { id: string }) => t.id === "T1490"));
    assert.ok(result.techniques.every((t: { evidence: unknown[] }) => t.evidence.length > 0));

    const text = await fetch(`${base}/api/analyze`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        text: "The actor used Mimikatz to dump LSASS memory for credentials.",
      }),
    });
    assert.equal(text.status, 200);
    assert.ok((await text.json()).techniques.some((t: { id: string }) => t.id.startsWith("T1003")));

    const image = new FormData();
    const scanned = await Deno.readFile(reportPath("GroupIB_Big_Airline_Heist_APT41.pdf"));
    image.set("file", new File([scanned], "scan.pdf"));
    const r422 = await fetch(`${base}/api/analyze`, { method: "POST", body: image });
    assert.equal(r422.status, 422);
    assert.match((await r422.json()).error, /no text layer/);

    const badJson = await fetch(`${base}/api/analyze`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    assert.equal(badJson.status, 400);
    assert.match((await badJson.json()).error, /Malformed JSON/);

    const both = await fetch(`${base}/api/analyze`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "The actor used PowerShell.", url: "https://example.com/r" }),
    });
    assert.equal(both.status, 400);
    assert.match((await both.json()).error, /both "text" and "url"/);

    const wrong = await fetch(`${base}/api/analyze`, { method: "POST", body: "x" });
    assert.equal(wrong.status, 415);
    await wrong.body?.cancel();

    const refused = await fetch(`${base}/api/analyze`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: "http://127.0.0.1:1/" }),
    });
    assert.equal(refused.status, 400);
    assert.equal((await refused.json()).code, "url_refused");

    const missing = await fetch(`${base}/api/nothing`);
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  });
});

Deno.test("API: uploads over the limit get 413 and the server keeps serving", async () => {
  await withServer({ maxUploadBytes: 100_000, noStore: true }, async (base) => {
    const form = new FormData();
    form.set("file", new File([new Uint8Array(500_000)], "big.pdf"));
    const res = await fetch(`${base}/api/analyze`, { method: "POST", body: form });
    assert.equal(res.status, 413);
    assert.match((await res.json()).error, /too large/i);
    const ok = await fetch(`${base}/api/health`);
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
  });
});

Deno.test("API: CORS preflight allows the page opened from disk", async () => {
  await withServer({ noStore: true }, async (base) => {
    const res = await fetch(`${base}/api/analyze`, {
      method: "OPTIONS",
      headers: { Origin: "null", "Access-Control-Request-Method": "POST" },
    });
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    await res.body?.cancel();
  });
});
