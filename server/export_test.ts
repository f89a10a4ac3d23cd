import assert from "node:assert/strict";
import { join } from "node:path";
import { rawDataDir } from "../lib/data/paths.ts";
import { navigatorLayerProblems, stixBundleProblems } from "../lib/export/mod.ts";
import { defaultExtractor, reportPath } from "../lib/testing.ts";
import { call, withServer } from "./_test_server.ts";

type Obj = Record<string, unknown> & { type: string; id: string };

/** ATT&CK ID -> STIX id, read straight from the bundle (independently of the knowledge base). */
async function realAttackIds(): Promise<Map<string, string>> {
  const path = join(rawDataDir(), "attack", "enterprise-attack.json");
  const bundle = JSON.parse(await Deno.readTextFile(path)) as { objects: Obj[] };
  const out = new Map<string, string>();
  for (const o of bundle.objects) {
    if (o.type !== "attack-pattern" || o.revoked || o.x_mitre_deprecated) continue;
    const ref = (o.external_references as { source_name: string; external_id?: string }[])
      .find((r) => r.source_name === "mitre-attack");
    if (ref?.external_id) out.set(ref.external_id, o.id);
  }
  return out;
}

Deno.test("API exports: Navigator layer, STIX bundle, CSV, Markdown and JSON of a reviewed analysis", async () => {
  const kb = (await defaultExtractor()).kb;
  const attackIds = await realAttackIds();
  await withServer({}, async (base) => {
    const form = new FormData();
    const pdf = await Deno.readFile(reportPath("AA20-302A.pdf"));
    form.set("file", new File([pdf], "AA20-302A.pdf", { type: "application/pdf" }));
    const analyzed = await call(`${base}/api/analyze`, { method: "POST", body: form });
    const id = (analyzed.body.analysis as { id: number }).id;
    const url = `${base}/api/analyses/${id}`;
    const predicted = (analyzed.body.techniques as { id: string }[]).map((t) => t.id);
    const rejected = predicted.find((t) => t !== "T1490")!;
    for (
      const [path, json] of [
        ["/decisions", { techniqueId: "T1490", decision: "accepted", reviewer: "Ana" }],
        ["/decisions", { techniqueId: rejected, decision: "rejected", reviewer: "Ana" }],
        ["/techniques", { techniqueId: "T1657", start: 0, end: 20, reviewer: "Ana" }],
      ] as const
    ) {
      const res = await call(`${url}${path}`, { method: "POST", json });
      assert.equal(res.status, 201, res.body.error);
    }

    const get = async (format: string, query = "") => {
      const res = await fetch(`${url}/export/${format}${query}`);
      assert.equal(res.status, 200, format);
      return { res, text: await res.text() };
    };

    // ATT&CK Navigator layer 4.5
    const nav = await get("navigator");
    assert.match(nav.res.headers.get("content-type") ?? "", /application\/json/);
    assert.match(
      nav.res.headers.get("content-disposition") ?? "",
      /attachment; filename="AA20-302A\.layer\.json"/,
    );
    const layer = JSON.parse(nav.text);
    assert.deepEqual(navigatorLayerProblems(layer, kb), []);
    assert.equal(layer.domain, "enterprise-attack");
    assert.deepEqual(layer.versions, { attack: "18", navigator: "5.2.0", layer: "4.5" });
    const layerIds = new Set(layer.techniques.map((t: { techniqueID: string }) => t.techniqueID));
    assert.ok(layerIds.has("T1490") && layerIds.has("T1657"));
    assert.ok(!layerIds.has(rejected), "rejected techniques are left out");
    const t1490 = layer.techniques.find((t: { techniqueID: string }) => t.techniqueID === "T1490");
    assert.equal(t1490.tactic, "impact");
    assert.match(t1490.comment, /vssadmin/i);
    assert.match(t1490.comment, /Analyst: accepted by Ana/);
    assert.ok(
      t1490.metadata.some((m: { name?: string; value?: string }) =>
        m.name === "review" && m.value === "accepted"
      ),
    );
    const added = layer.techniques.find((t: { techniqueID: string }) => t.techniqueID === "T1657");
    assert.equal(added.score, 100);

    // A higher threshold keeps accepted and added techniques but drops the others.
    const strict = JSON.parse((await get("navigator", "?minScore=1")).text);
    assert.deepEqual(
      [...new Set(strict.techniques.map((t: { techniqueID: string }) => t.techniqueID))].sort(),
      ["T1490", "T1657"],
    );
    assert.equal((await call(`${url}/export/navigator?minScore=2`)).status, 400);

    // STIX 2.1 bundle
    const stix = await get("stix");
    assert.match(
      stix.res.headers.get("content-type") ?? "",
      /application\/stix\+json;version=2\.1/,
    );
    const bundle = JSON.parse(stix.text) as { type: string; id: string; objects: Obj[] };
    assert.deepEqual(stixBundleProblems(bundle), []);
    const report = bundle.objects.find((o) => o.type === "report")!;
    const refs = report.object_refs as string[];
    // The layer also colours parents implied by sub-techniques; the report lists what was found.
    const found = layer.techniques.filter((t: { metadata: { name?: string }[] }) =>
      !t.metadata.some((m) => m.name === "implied by")
    ).map((t: { techniqueID: string }) => t.techniqueID);
    const expected = [...new Set(found)].map((t) => attackIds.get(t as string));
    assert.ok(expected.every(Boolean), "every exported technique is in the ATT&CK bundle");
    assert.deepEqual(new Set(refs), new Set(expected), "object_refs are the real ATT&CK ids");
    const patterns = bundle.objects.filter((o) => o.type === "attack-pattern");
    assert.deepEqual(new Set(patterns.map((o) => o.id)), new Set(refs));
    assert.equal(
      patterns.find((o) => o.id === attackIds.get("T1490"))?.name,
      "Inhibit System Recovery",
    );
    const notes = bundle.objects.filter((o) => o.type === "note");
    assert.equal(notes.length, refs.length);
    const note1490 = notes.find((n) => n.x_ttp_technique_id === "T1490")!;
    assert.deepEqual(note1490.object_refs, [report.id, attackIds.get("T1490")]);
    assert.match(String(note1490.content), /vssadmin/i);
    assert.equal((note1490.x_ttp_review as { decision: string }).decision, "accepted");
    assert.ok((note1490.x_ttp_evidence as unknown[]).length > 0);
    // The same analysis exports the same ids (re-imports update instead of duplicating).
    const again = JSON.parse((await get("stix")).text) as { objects: Obj[] };
    assert.equal(again.objects.find((o) => o.type === "report")!.id, report.id);

    // CSV, Markdown, JSON
    const csv = await get("csv");
    assert.match(csv.res.headers.get("content-type") ?? "", /text\/csv/);
    const lines = csv.text.trim().split("\r\n");
    assert.match(lines[0], /^source,technique_id,/);
    assert.ok(lines.some((l) => l.includes(",T1657,")));
    assert.ok(!lines.some((l) => l.includes(`,${rejected},`)));
    const md = await get("md");
    assert.match(md.res.headers.get("content-type") ?? "", /text\/markdown/);
    assert.match(md.text, /\| T1490 \| Inhibit System Recovery \|/);
    const json = JSON.parse((await get("json")).text);
    assert.equal(json.analysis.id, id);
    assert.equal(
      json.techniques.find((t: { id: string }) => t.id === "T1490").review.decision,
      "accepted",
    );

    const unknown = await call(`${url}/export/pdf`);
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error ?? "", /navigator, stix/);
    assert.equal((await call(`${base}/api/analyses/999/export/stix`)).status, 404);
  });
});
