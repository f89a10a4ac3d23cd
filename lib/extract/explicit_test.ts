import assert from "node:assert/strict";
import { loadKnowledgeBase } from "../data/mod.ts";
import { splitSentences } from "../text/mod.ts";
import { ExplicitMatcher, writtenTechniqueIds } from "./explicit.ts";

const kb = await loadKnowledgeBase();
const matcher = new ExplicitMatcher(kb);
const ids = (text: string) =>
  matcher.find(splitSentences(text)).filter((m) => m.kind === "id").map((m) => m.techniqueId);

Deno.test("explicit IDs: cells glued together by a pasted web table still read", () => {
  // As ESET's ATT&CK tables arrive in TRAM's text.
  assert.deepEqual(
    ids("ExecutionT1204.002User Execution: Malicious FileThe attackers relied on victims."),
    ["T1204.002"],
  );
  assert.deepEqual(
    ids("T1027.002Obfuscated Files or Information: Software PackingThe attackers used packers."),
    ["T1027.002"],
  );
});

Deno.test("explicit IDs: separators, revoked IDs, and look-alikes that are not IDs", () => {
  assert.deepEqual(ids("Persistence (T1053.005, T1547/001)."), ["T1053.005", "T1547.001"]);
  assert.deepEqual(ids("The sample hash AT1234 and build T12345 are not IDs."), []);
  assert.deepEqual(ids("PowerShell [T1086] was used."), ["T1059.001"], "revoked T1086");
});

Deno.test("writtenTechniqueIds: every ID of a whole text once, resolved, unknown ones dropped", () => {
  assert.deepEqual(
    writtenTechniqueIds(kb, "T1086 then T1059.001 again; T1547/001. T9999 is not in ATT&CK."),
    ["T1059.001", "T1547.001"],
  );
  assert.deepEqual(writtenTechniqueIds(kb, "No IDs here."), []);
});
