import assert from "node:assert/strict";
import { loadKnowledgeBase, loadTramReports } from "../data/mod.ts";
import { unitKinds } from "./sections.ts";
import { splitSentences } from "./segment.ts";

function kindOf(text: string): (needle: string) => string {
  const sentences = splitSentences(text);
  const kinds = unitKinds(text, sentences);
  return (needle) => kinds[sentences.findIndex((s) => s.text.includes(needle))];
}

Deno.test("unitKinds: back matter runs from its heading until a narrative heading", () => {
  const kind = kindOf([
    "Initial Access",
    "The actor sent spearphishing emails with ISO attachments to finance staff.",
    "Mitigations",
    "Enable multifactor authentication for remote access.",
    "Organisations should audit scheduled tasks created by non-admin users.",
    "Lateral Movement",
    "The actor then used PsExec to run the loader on the domain controller.",
    "Indicators of Compromise",
    "The following hashes were observed.",
  ].join("\n"));
  assert.equal(kind("spearphishing"), "narrative");
  assert.equal(kind("Enable multifactor"), "back-matter");
  assert.equal(kind("audit scheduled tasks"), "back-matter");
  assert.equal(kind("PsExec"), "narrative", "a tactic heading resumes the account");
  assert.equal(kind("hashes were observed"), "back-matter");
});

Deno.test("unitKinds: advice and detection queries inside the narrative", () => {
  const kind = kindOf([
    "The loader resolves its imports by hash before it injects the payload into explorer.exe.",
    "Block executable files from running unless they meet a prevalence criterion.",
    'DeviceProcessEvents | where ProcessCommandLine has_all ("wmic", "shadowcopy", "delete")',
    "Use of Mimikatz was observed on two hosts.",
  ].join("\n"));
  assert.equal(kind("resolves its imports"), "narrative");
  assert.equal(kind("Block executable"), "advice");
  assert.equal(kind("DeviceProcessEvents"), "query");
  assert.equal(kind("Use of Mimikatz"), "narrative", "'Use of' is not advice");
});

Deno.test("unitKinds: a real report's recommendations are back matter, its account is not", async () => {
  const kb = await loadKnowledgeBase();
  const report = (await loadTramReports(undefined, { kb }))
    .find((r) => r.id.includes("Threat-actors-strive-to-cause-Tax-Day"));
  assert.ok(report, "TRAM report missing from ../shared/data");
  const kind = kindOf(report.text);
  assert.equal(kind("GuLoader is a malicious downloader"), "narrative");
  assert.equal(kind("Enable Microsoft Defender Antivirus scanning"), "back-matter");
  assert.equal(kind("Enable cloud-delivered protection"), "back-matter");
});

Deno.test("unitKinds: over TRAM, back matter holds few annotated sentences", async () => {
  const kb = await loadKnowledgeBase();
  const counts = { narrative: [0, 0], other: [0, 0] };
  for (const r of await loadTramReports(undefined, { kb })) {
    const sentences = splitSentences(r.text);
    const kinds = unitKinds(r.text, sentences);
    sentences.forEach((s, i) => {
      const c = kinds[i] === "narrative" ? counts.narrative : counts.other;
      c[0]++;
      if (r.spans.some((sp) => sp.start < s.end && sp.end > s.start)) c[1]++;
    });
  }
  const rate = ([n, gold]: number[]) => gold / n;
  // Measured: 15% of narrative units carry a gold span, under 3% of the rest.
  assert.ok(counts.other[0] > 1000, `only ${counts.other[0]} non-narrative units found`);
  assert.ok(rate(counts.other) < rate(counts.narrative) / 3, JSON.stringify(counts));
});
