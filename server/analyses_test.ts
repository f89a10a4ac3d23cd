import assert from "node:assert/strict";
import { reportPath } from "../lib/testing.ts";
import type { StoredAnalysis } from "../lib/store/mod.ts";
import { call, withServer } from "./_test_server.ts";

async function uploadPdf(base: string, query = ""): Promise<Record<string, unknown>> {
  const form = new FormData();
  const pdf = await Deno.readFile(reportPath("AA20-302A.pdf"));
  form.set("file", new File([pdf], "AA20-302A.pdf", { type: "application/pdf" }));
  const res = await call(`${base}/api/analyze${query}`, { method: "POST", body: form });
  assert.equal(res.status, 200, res.body.error);
  return res.body;
}

Deno.test("API: analyses are stored, re-uploads find them, list/fetch/delete", async () => {
  await withServer({}, async (base) => {
    const first = await uploadPdf(base);
    const ref = first.analysis as { id: number; reused: boolean; createdAt: string };
    assert.equal(ref.reused, false);
    assert.ok(ref.id > 0);
    const threshold = ((await call(`${base}/api/health`)).body.model as { threshold: number })
      .threshold;
    const techniques = first.techniques as { score: number }[];
    assert.ok(techniques.every((t) => t.score >= threshold), "default stays the model threshold");

    const again = await uploadPdf(base);
    assert.deepEqual(again.analysis, { ...ref, reused: true });
    assert.deepEqual(again.techniques, first.techniques);

    const fresh = await uploadPdf(base, "?reanalyze=1");
    const freshId = (fresh.analysis as { id: number }).id;
    assert.notEqual(freshId, ref.id);

    const text = await call(`${base}/api/analyze`, {
      method: "POST",
      json: { text: "The actor used Mimikatz to dump LSASS memory.", name: "note.txt" },
    });
    assert.equal(text.status, 200);

    const list = await call(`${base}/api/analyses`);
    assert.equal(list.status, 200);
    assert.equal(list.body.total, 3);
    const items = list.body.items as { id: number; source: { name: string }; reviews: object }[];
    assert.deepEqual(items.map((i) => i.source.name), [
      "note.txt",
      "AA20-302A.pdf",
      "AA20-302A.pdf",
    ]);
    assert.deepEqual(items[1].reviews, { accepted: 0, rejected: 0, added: 0 });
    const searched = await call(`${base}/api/analyses?q=note`);
    assert.equal(searched.body.total, 1);
    const paged = await call(`${base}/api/analyses?limit=1&offset=1`);
    assert.equal((paged.body.items as unknown[]).length, 1);
    assert.equal((await call(`${base}/api/analyses?limit=0`)).status, 400);

    const got = await call(`${base}/api/analyses/${ref.id}`);
    assert.equal(got.status, 200);
    const analysis = got.body as unknown as StoredAnalysis;
    assert.equal(analysis.source.name, "AA20-302A.pdf");
    assert.equal(analysis.source.type, "pdf");
    assert.match(analysis.source.sha256 ?? "", /^[0-9a-f]{64}$/);
    assert.equal(analysis.attack.version, "18.1");
    assert.ok(analysis.text.length > 10_000);
    assert.ok(analysis.techniques.length >= techniques.length);
    assert.ok(analysis.candidateFloor <= analysis.threshold);
    for (const t of analysis.techniques) {
      for (const e of t.evidence) assert.equal(analysis.text.slice(e.start, e.end), e.text);
    }

    assert.equal((await call(`${base}/api/analyses/999999`)).status, 404);
    assert.equal((await call(`${base}/api/analyses/abc`)).status, 400);

    const del = await fetch(`${base}/api/analyses/${freshId}`, { method: "DELETE" });
    assert.equal(del.status, 204);
    await del.body?.cancel();
    assert.equal((await call(`${base}/api/analyses/${freshId}`)).status, 404);
    assert.equal((await call(`${base}/api/analyses/${freshId}`, { method: "DELETE" })).status, 404);
    assert.equal((await call(`${base}/api/analyses`)).body.total, 2);
  });
});

Deno.test("API: accept, reject, withdraw and add techniques; decisions survive a re-fetch", async () => {
  await withServer({}, async (base) => {
    const id = ((await uploadPdf(base)).analysis as { id: number }).id;
    const url = `${base}/api/analyses/${id}`;
    const before = (await call(url)).body as unknown as StoredAnalysis;
    const t1490 = before.techniques.find((t) => t.id === "T1490")!;
    assert.ok(t1490, "AA20-302A mentions T1490");

    const accept = await call(`${url}/decisions`, {
      method: "POST",
      json: { techniqueId: "t1490", decision: "accepted", reviewer: "Ana", note: "vssadmin" },
    });
    assert.equal(accept.status, 201, accept.body.error);
    const record = accept.body.decision as Record<string, unknown>;
    assert.equal(record.techniqueId, "T1490");
    assert.equal(record.decision, "accepted");
    assert.equal(record.reviewer, "Ana");
    // Without a sentence from the analyst, the decision points at the best evidence.
    assert.equal(record.text, t1490.evidence[0].text);

    const other = before.techniques.find((t) => t.id !== "T1490" && t.evidence.length)!;
    const reject = await call(`${url}/decisions`, {
      method: "POST",
      json: { techniqueId: other.id, decision: "rejected" },
    });
    assert.equal(reject.status, 201);

    const missing = before.text.indexOf("ransom");
    assert.ok(missing >= 0);
    const add = await call(`${url}/techniques`, {
      method: "POST",
      json: { techniqueId: "T1657", start: missing, end: missing + 6, reviewer: "Ana" },
    });
    assert.equal(add.status, 201, add.body.error);
    const added = add.body.decision as { start: number; end: number; text: string };
    // The selection grows to its whole sentence.
    assert.ok(added.start <= missing && added.end >= missing + 6 && added.text.length > 6);
    assert.equal(before.text.slice(added.start, added.end), added.text);

    const after = (await call(url)).body as unknown as StoredAnalysis;
    const byId = new Map(after.techniques.map((t) => [t.id, t]));
    assert.equal(byId.get("T1490")?.review?.decision, "accepted");
    assert.equal(byId.get("T1490")?.review?.note, "vssadmin");
    assert.equal(byId.get(other.id)?.review?.decision, "rejected");
    assert.equal(byId.get("T1657")?.review?.decision, "added");
    assert.equal(byId.get("T1657")?.name, "Financial Theft");
    assert.deepEqual(byId.get("T1657")?.tactics, ["impact"]);
    assert.equal(byId.get("T1657")?.evidence[0].text, added.text);

    const summary = ((await call(`${base}/api/analyses`)).body.items as {
      reviews: Record<string, number>;
    }[])[0];
    assert.deepEqual(summary.reviews, { accepted: 1, rejected: 1, added: 1 });

    const undo = await fetch(`${url}/decisions/${other.id}?reviewer=Ana`, { method: "DELETE" });
    assert.equal(undo.status, 204);
    await undo.body?.cancel();
    const again = await fetch(`${url}/decisions/${other.id}`, { method: "DELETE" });
    assert.equal(again.status, 404);
    await again.body?.cancel();
    const cleared = (await call(url)).body as unknown as StoredAnalysis;
    assert.equal(cleared.techniques.find((t) => t.id === other.id)?.review, undefined);

    const log = (await call(`${url}/decisions`)).body.items as { decision: string }[];
    assert.deepEqual(log.map((d) => d.decision), ["accepted", "rejected", "added", "cleared"]);

    // Bad requests answer with a status and a plain message.
    const bad = async (path: string, init: RequestInit & { json?: unknown }, status: number) => {
      const res = await call(`${url}${path}`, { method: "POST", ...init });
      assert.equal(res.status, status, `${path} ${JSON.stringify(init.json)}`);
      assert.equal(typeof res.body.error, "string");
    };
    await bad("/decisions", { json: { techniqueId: "T1490", decision: "maybe" } }, 400);
    await bad("/decisions", { json: { decision: "accepted" } }, 400);
    await bad("/decisions", { json: { techniqueId: "T1001", decision: "accepted" } }, 404);
    await bad("/decisions", { json: ["T1490"] }, 400);
    await bad("/decisions", { body: "T1490", headers: { "content-type": "text/plain" } }, 415);
    await bad("/decisions", {
      body: "{oops",
      headers: { "content-type": "application/json" },
    }, 400);
    await bad("/techniques", { json: { techniqueId: "T9999", start: 0, end: 10 } }, 422);
    await bad("/techniques", { json: { techniqueId: "T1657" } }, 400);
    await bad("/techniques", { json: { techniqueId: "T1657", start: 10, end: 5 } }, 400);
    await bad("/techniques", { json: { techniqueId: "T1657", start: 0, end: 1e9 } }, 400);
    const noAnalysis = await call(`${base}/api/analyses/424242/decisions`, {
      method: "POST",
      json: { techniqueId: "T1490", decision: "accepted" },
    });
    assert.equal(noAnalysis.status, 404);
  });
});

Deno.test("API: without a database the history routes answer 503 and analysis still works", async () => {
  await withServer({ noStore: true }, async (base) => {
    const res = await call(`${base}/api/analyses`);
    assert.equal(res.status, 503);
    assert.match(res.body.error ?? "", /no history/);
    const health = await call(`${base}/api/health`);
    assert.equal(health.body.history, false);
    const text = await call(`${base}/api/analyze`, {
      method: "POST",
      json: { text: "They ran vssadmin delete shadows /all /quiet to inhibit recovery." },
    });
    assert.equal(text.status, 200);
    assert.equal(text.body.analysis, undefined);
  });
});

Deno.test("API: CORS allows the page opened from disk to delete and post JSON", async () => {
  await withServer({}, async (base) => {
    const res = await fetch(`${base}/api/analyses/1`, {
      method: "OPTIONS",
      headers: {
        Origin: "null",
        "Access-Control-Request-Method": "DELETE",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.match(res.headers.get("access-control-allow-methods") ?? "", /DELETE/);
    assert.match(res.headers.get("access-control-allow-headers") ?? "", /content-type/i);
    await res.body?.cancel();
  });
});
