import assert from "node:assert/strict";
import { loadKnowledgeBase } from "../data/load.ts";
import { KnowledgeBase } from "./knowledge_base.ts";
import { stripAttackMarkup } from "./markup.ts";

const kb = await loadKnowledgeBase();

Deno.test("enterprise bundle loads techniques, tactics and version", () => {
  assert.equal(kb.domain, "enterprise-attack");
  assert.equal(kb.version, "18.1");
  assert.equal(kb.tactics.length, 14);
  assert.equal(kb.tactics[0].shortname, "reconnaissance");
  assert.ok(kb.techniques.length > 600, `${kb.techniques.length} techniques`);
  assert.ok(kb.techniques.every((t) => /^T\d{4}(\.\d{3})?$/.test(t.id)));
});

Deno.test("lookups by ID, name and tactic", () => {
  const ps = kb.techniqueById("t1059.001");
  assert.equal(ps?.name, "PowerShell");
  assert.deepEqual(ps?.tactics, ["execution"]);
  assert.equal(ps?.parentId, "T1059");
  assert.ok(ps!.platforms.includes("Windows"));
  assert.ok(ps!.procedures.length > 100);
  assert.ok(ps!.procedures.every((p) => !p.text.includes("(Citation:")));
  assert.deepEqual(kb.techniquesByName("powershell").map((t) => t.id), ["T1059.001"]);
  assert.ok(kb.techniquesByTactic("exfiltration").some((t) => t.id === "T1041"));
  assert.ok(kb.subtechniquesOf("T1566").some((t) => t.id === "T1566.001"));
  assert.equal(kb.tactic("TA0002")?.shortname, "execution");
});

Deno.test("revoked IDs resolve to replacements, deprecated ones to nothing", () => {
  // T1086 (PowerShell) was revoked by T1059.001.
  assert.equal(kb.resolveId("T1086"), "T1059.001");
  assert.ok(kb.isRetired("T1086"));
  assert.equal(kb.techniques.find((t) => t.id === "T1086"), undefined);
  assert.equal(kb.resolveId("T9999"), undefined);
});

Deno.test("groups and software with aliases", () => {
  assert.deepEqual(kb.actorsByName("Fancy Bear").map((a) => a.id), ["G0007"]);
  const mimikatz = kb.actorsByName("mimikatz")[0];
  assert.equal(mimikatz.id, "S0002");
  assert.equal(mimikatz.type, "software");
  assert.ok(mimikatz.techniqueIds.includes("T1003.001"));
  assert.ok(kb.softwareUsingTechnique("T1003.001").some((a) => a.id === "S0002"));
});

Deno.test("mobile and ICS bundles load", async () => {
  const mobile = await loadKnowledgeBase("mobile-attack");
  const ics = await loadKnowledgeBase("ics-attack");
  assert.equal(mobile.domain, "mobile-attack");
  assert.equal(ics.domain, "ics-attack");
  assert.ok(mobile.tactics.length >= 12 && ics.tactics.length >= 11);
  assert.ok(mobile.techniques.length > 50 && ics.techniques.length > 50);
});

Deno.test("a non-bundle is refused with a clear error", () => {
  assert.throws(
    () => KnowledgeBase.fromBundle({} as never),
    /Not a STIX bundle/,
  );
});

Deno.test("ATT&CK markup is stripped", () => {
  assert.equal(
    stripAttackMarkup(
      "[APT28](https://attack.mitre.org/groups/G0007) used <code>cmd.exe</code> .(Citation: X 2019)",
    ),
    "APT28 used cmd.exe.",
  );
  assert.equal(stripAttackMarkup("reads /proc/<pid>/maps<br>"), "reads /proc/<pid>/maps");
});
