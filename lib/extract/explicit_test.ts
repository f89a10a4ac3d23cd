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

Deno.test("explicit names: a parent named in a sub-technique's heading is not a mention of its own", () => {
  const found = (text: string) =>
    matcher.find(splitSentences(text)).map((m) => `${m.techniqueId}:${m.kind}`).sort();
  assert.deepEqual(found("Brute Force: Password Spraying [T1110.003]"), ["T1110.003:id"]);
  assert.deepEqual(
    found("Process Injection: Portable Executable Injection was seen."),
    ["T1055.002:name"],
  );
  assert.deepEqual(found("The loader relies on process injection."), ["T1055:name"]);
  // The same notation cut short where a PDF table wrapped the cell.
  assert.deepEqual(found("Impair Defenses: Disable or Modify"), []);
  assert.deepEqual(found("Process Injection: the loader hollows svchost."), ["T1055:name"]);
  // A parent written as an ID stays: that is the author's own mapping.
  assert.deepEqual(found("Proxy [T1090] and External Proxy [T1090.002]"), [
    "T1090.002:id",
    "T1090:id",
  ]);
});

Deno.test("explicit names: plurals, short forms and names ATT&CK has retired", () => {
  const names = (text: string) =>
    matcher.find(splitSentences(text)).filter((m) => m.kind === "name").map((m) => m.techniqueId)
      .sort();
  assert.deepEqual(names("It creates two scheduled tasks for persistence."), ["T1053.005"]);
  assert.deepEqual(names("The loader performs PE injection into explorer.exe."), ["T1055.002"]);
  assert.deepEqual(names("The payload is started by DLL side-loading."), ["T1574.001"]);
  assert.deepEqual(names("Disabling Security Tools comes first."), ["T1562.001"]);
  assert.deepEqual(names("All data encrypted by the ransomware is lost."), []);
  assert.deepEqual(names("The scheduled taskbar icon is not a task."), []);
});
