import assert from "node:assert/strict";
import { techniqueFromLink } from "./annoctr.ts";
import {
  labelsForSentence,
  sentencesFromAttack,
  sentencesFromReports,
  trainingSentencesFromReports,
} from "./examples.ts";
import { loadAnnoCtrReports, loadKnowledgeBase, loadTramReports } from "./load.ts";
import { parseTramReport } from "./tram.ts";

const tram = await loadTramReports();
const anno = await loadAnnoCtrReports();

Deno.test("TRAM: 100 reports with technique spans inside the text", () => {
  assert.equal(tram.length, 100);
  // A few TRAM documents are not threat reports and carry no annotation.
  assert.ok(tram.filter((r) => r.spans.length > 0).length >= 90);
  for (const r of tram) {
    for (const s of r.spans) assert.ok(s.start >= 0 && s.end <= r.text.length, r.id);
  }
  const trick = tram.find((r) => r.id.includes("TrickBot"))!;
  assert.equal(trick.title, "AA21-076A: TrickBot Malware");
  const task = trick.spans.find((s) => s.techniqueId === "T1053.005")!;
  assert.match(trick.text.slice(task.start, task.end), /task|schtasks/i);
});

Deno.test("AnnoCTR: 86 documents, splits, located technique mentions", () => {
  assert.equal(anno.length, 86);
  assert.equal(anno.filter((r) => r.split === "dev").length, 16);
  const spans = anno.flatMap((r) => r.spans.map((s) => ({ r, s })));
  assert.ok(spans.length > 2000);
  // Located mentions point at text that is the mention itself (no offsets upstream).
  for (const { r, s } of spans.slice(0, 200)) assert.ok(r.text.slice(s.start, s.end).trim());
});

Deno.test("AnnoCTR links map to technique IDs", () => {
  assert.equal(techniqueFromLink("https://attack.mitre.org/techniques/T1566/001"), "T1566.001");
  assert.equal(techniqueFromLink("https://attack.mitre.org/techniques/T1486"), "T1486");
  assert.equal(techniqueFromLink("https://attack.mitre.org/software/S0198"), undefined);
});

Deno.test("MAT JSON errors name the file", () => {
  assert.throws(() => parseTramReport("{", "bad"), /bad: not valid MAT JSON/);
  assert.throws(() => parseTramReport("{}", "empty"), /empty: MAT JSON must have/);
});

Deno.test("sentence rows carry the labels of spans inside them", () => {
  const rows = sentencesFromReports(tram.slice(0, 10));
  const labelled = rows.filter((r) => r.labels.length);
  assert.ok(labelled.length > 50 && rows.length > labelled.length * 2);
  const r = tram[0];
  const span = r.spans[0];
  const labels = labelsForSentence(r, { text: "", start: span.start, end: span.end });
  assert.ok(labels.includes(span.techniqueId));
});

Deno.test("ATT&CK rows, with sources left out on request", async () => {
  const kb = await loadKnowledgeBase();
  const all = sentencesFromAttack(kb);
  const without = sentencesFromAttack(kb, { excludeSources: new Set(["S0002"]) });
  assert.ok(all.length > 15000);
  assert.ok(all.some((r) => r.group === "S0002"));
  assert.ok(!without.some((r) => r.group === "S0002"));
  assert.ok(without.length < all.length);
});

Deno.test("revoked technique IDs in annotations map to their ATT&CK v18 replacements", async () => {
  const kb = await loadKnowledgeBase();
  const raw = tram.flatMap((r) => r.spans.map((s) => s.techniqueId));
  assert.ok(raw.includes("T1574.002"), "TRAM annotates DLL side-loading as T1574.002");
  const mapped = (await loadTramReports(undefined, { kb })).flatMap((r) =>
    r.spans.map((s) => s.techniqueId)
  );
  assert.ok(!mapped.includes("T1574.002"));
  assert.equal(mapped.length, raw.length);
  assert.ok(mapped.every((id) => kb.techniqueById(id)?.id === id));
});

Deno.test("training sentences: TRAM negatives kept, AnnoCTR's unlabelled sentences left out", () => {
  const all = sentencesFromReports([...tram.slice(0, 10), ...anno.slice(0, 10)]);
  const kept = trainingSentencesFromReports([...tram.slice(0, 10), ...anno.slice(0, 10)]);
  const count = (rows: typeof all, source: string, labelled: boolean) =>
    rows.filter((r) => r.source === source && (r.labels.length > 0) === labelled).length;
  assert.ok(count(kept, "tram", false) > 500);
  assert.equal(count(kept, "tram", false), count(all, "tram", false));
  assert.equal(count(kept, "annoctr", false), 0);
  assert.ok(count(all, "annoctr", false) > 0);
  assert.equal(count(kept, "annoctr", true), count(all, "annoctr", true));
  assert.equal(count(kept, "tram", true), count(all, "tram", true));
});
