import assert from "node:assert/strict";
import { defaultExtractor } from "../testing.ts";
import { reportScore } from "./aggregate.ts";

const extractor = await defaultExtractor();

Deno.test("analyze: techniques with valid evidence offsets, sorted by score", async () => {
  const text =
    "Summary\n\nThe actor sent spearphishing emails with a malicious Excel attachment. " +
    "When opened, a macro ran cmd.exe /c powershell -enc SQBFAFgA to fetch a loader from " +
    "hxxp://evil[.]com/a.php. The loader created a scheduled task named GoogleUpdate for " +
    "persistence and used Mimikatz to dump credentials from LSASS memory.";
  const result = await extractor.analyze(text, { name: "sample", type: "text" });
  const ids = result.techniques.map((t) => t.id);
  for (const id of ["T1566.001", "T1053.005", "T1003.001"]) assert.ok(ids.includes(id), id);
  for (const t of result.techniques) {
    for (const e of t.evidence) assert.equal(text.slice(e.start, e.end), e.text);
    assert.ok(t.score >= extractor.meta.threshold);
  }
  const scores = result.techniques.map((t) => t.score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
});

Deno.test("explicit technique IDs count, revoked IDs map to current ones", async () => {
  const text = "The group's tooling maps to T1086 and T1021.002 in the ATT&CK framework.";
  const result = await extractor.analyze(text, { name: "ids", type: "text" }, { minScore: 0.5 });
  const ids = result.techniques.map((t) => t.id);
  assert.ok(ids.includes("T1059.001"), "T1086 was revoked by T1059.001");
  assert.ok(ids.includes("T1021.002"));
});

Deno.test("ordinary prose fires nothing; a label set filters", async () => {
  const prose = "The quarterly meeting was held in the main office. Lunch was served at noon, " +
    "and the team discussed the holiday schedule and the new parking rules.";
  assert.equal((await extractor.analyze(prose, { name: "p", type: "text" })).techniques.length, 0);
  const text =
    "The malware used schtasks to create a scheduled task and PowerShell to download files.";
  const only = await extractor.analyze(text, { name: "s", type: "text" }, {
    labelSet: new Set(["T1053.005"]),
    minScore: 0,
  });
  assert.deepEqual(only.techniques.map((t) => t.id), ["T1053.005"]);
});

Deno.test("a generic technique name alone is not evidence", async () => {
  const text = "Retain backup hardware to rebuild systems. Keep an inventory of software.";
  const result = await extractor.analyze(text, { name: "g", type: "text" }, { minScore: 0.5 });
  const ids = result.techniques.map((t) => t.id);
  assert.ok(!ids.includes("T1592.001") && !ids.includes("T1592.002"), ids.join(","));
});

Deno.test("report score: one strong sentence suffices, more support raises it", () => {
  assert.equal(reportScore([0.9]), 0.9);
  assert.ok(reportScore([0.6, 0.6, 0.6]) > 0.6);
  assert.ok(reportScore([0.6, 0.6, 0.6]) < 1);
  assert.equal(reportScore([]), 0);
});

Deno.test("fragments and detection-rule lines weigh less than prose", async () => {
  const { fragmentDamping } = await import("./extractor.ts");
  assert.equal(fragmentDamping("The actor used PowerShell to download the payload."), 1);
  assert.ok(fragmentDamping("'.dll'") < 0.5);
  assert.ok(fragmentDamping('$ = "send data confimation to server(%s)"') < 0.5);
  assert.ok(fragmentDamping('import "pe"') < 0.5);
  assert.equal(
    fragmentDamping("$client = New-Object System.Net.WebClient was used to fetch it"),
    1,
  );
});

Deno.test("software named in a supporting sentence lifts the techniques ATT&CK records for it", async () => {
  const text = "The actors used Mimikatz to obtain credentials from the compromised hosts.";
  const result = await extractor.analyze(text, { name: "m", type: "text" });
  assert.ok(result.techniques.some((t) => t.id === "T1003.001"), "Mimikatz: LSASS Memory");
  // ATT&CK records Mimikatz for many techniques; a sentence that does not lean towards them
  // gets none of them.
  const plain = await extractor.analyze("Mimikatz was first released in 2011.", {
    name: "p",
    type: "text",
  });
  assert.ok(plain.techniques.length <= 1, plain.techniques.map((t) => t.id).join(","));
});

Deno.test("recommendations weigh less than the account of the attack; written IDs do not", async () => {
  const aggregated = async (text: string, id: string) =>
    extractor.candidates(await extractor.sentenceAnalysis(text)).find((c) => c.id === id)?.score ??
      0;
  const line =
    "The actor used a PowerShell script to download the loader. It then created a scheduled task with schtasks.";
  for (const id of ["T1059.001", "T1053.005"]) {
    const narrative = await aggregated(`Execution\n${line}\n`, id);
    const backMatter = await aggregated(`Mitigations\n${line}\n`, id);
    assert.ok(narrative >= 0.5, `${id} in the narrative: ${narrative}`);
    assert.ok(backMatter <= narrative * 0.6, `${id}: ${backMatter} vs ${narrative}`);
  }
  const table = "Recommendations\nScheduled Task/Job: Scheduled Task (T1053.005)\n";
  const r = await extractor.analyze(table, { name: "t", type: "text" });
  assert.ok(r.techniques.some((t) => t.id === "T1053.005" && t.score >= 0.9));
});

Deno.test("the relevance gate lowers product and background prose more than the account of an attack", async () => {
  assert.ok(
    extractor.relevance,
    "the shipped model has a relevance gate (models/default/relevance)",
  );
  const { Extractor } = await import("./extractor.ts");
  const ungated = new Extractor(extractor.kb, [...extractor.components], extractor.meta);
  const best = async (ex: typeof extractor, text: string) =>
    Math.max(0, ...ex.candidates(await ex.sentenceAnalysis(text)).map((c) => c.score));
  const attack =
    "The actor used PowerShell to download the loader and created a scheduled task for persistence.";
  const product =
    "Our endpoint platform helps customers monitor PowerShell and scheduled task activity across the enterprise.";
  const kept = async (text: string) => (await best(extractor, text)) / (await best(ungated, text));
  assert.ok(await kept(attack) > await kept(product), "the product blurb keeps less of its score");
  assert.ok(await kept(attack) > 0.6, "the attack keeps most of its score");
});
