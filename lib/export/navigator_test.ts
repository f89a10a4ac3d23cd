import assert from "node:assert/strict";
import { navigatorLayerProblems, toNavigatorLayer } from "./mod.ts";
import { RESULT } from "./testdata/result.ts";

const KB = {
  techniqueById: (id: string) =>
    ({
      T1053: { id: "T1053", stixId: "attack-pattern--1", tactics: ["execution", "persistence"] },
      T1657: { id: "T1657", stixId: "attack-pattern--2", tactics: ["impact"] },
    })[id],
};

Deno.test("navigator: a valid 4.5 layer, one annotation per tactic, evidence in comments", () => {
  const layer = toNavigatorLayer(RESULT, { minScore: 0.5, analysedAt: "2026-01-02T03:04:05Z" });
  assert.deepEqual(navigatorLayerProblems(layer, KB), []);
  assert.equal(layer.name, "Report R");
  assert.deepEqual(layer.versions, { attack: "18", navigator: "5.2.0", layer: "4.5" });
  assert.deepEqual(
    layer.techniques.map((t) => [t.techniqueID, t.tactic, t.score]),
    [["T1053", "execution", 73], ["T1053", "persistence", 73], ["T1657", "impact", 100]],
  );
  assert.match(layer.techniques[0].comment!, /1\. "They used schtasks to persist\."/);
  assert.match(layer.techniques[2].comment!, /^Analyst: added by ana/);
  assert.ok(layer.metadata.some((m) => "name" in m && m.name === "minimum score"));
  assert.equal(layer.layout.expandedSubtechniques, "annotated");
});

Deno.test("navigator: the checker catches what Navigator would refuse", () => {
  const good = toNavigatorLayer(RESULT);
  const broken = (patch: (l: Record<string, unknown>) => void) => {
    const l = structuredClone(good) as unknown as Record<string, unknown>;
    patch(l);
    return navigatorLayerProblems(l, KB);
  };
  assert.match(broken((l) => delete l.name).join(), /name/);
  assert.match(broken((l) => (l.domain = "enterprise")).join(), /domain/);
  assert.match(broken((l) => ((l.versions as { layer: string }).layer = "4.4")).join(), /4\.5/);
  assert.match(
    broken((l) => ((l.versions as { navigator: string }).navigator = "4.8.2")).join(),
    /4\.9\.0/,
  );
  const techniques = (l: Record<string, unknown>) => l.techniques as Record<string, unknown>[];
  assert.match(broken((l) => (techniques(l)[0].techniqueID = "1053")).join(), /T1234/);
  assert.match(broken((l) => (techniques(l)[0].techniqueID = "T9999")).join(), /not a current/);
  assert.match(broken((l) => (techniques(l)[0].tactic = "impact")).join(), /not a tactic/);
  assert.match(broken((l) => (techniques(l)[0].metadata = [{ name: "x" }])).join(), /metadata/);
  assert.match(
    broken((l) => ((l.gradient as { colors: string[] }).colors = ["red"])).join(),
    /colours/,
  );
});

Deno.test("navigator: a sub-technique implies its parent cell, once, at its best score", () => {
  const sub = (id: string, score: number) => ({
    id,
    name: id,
    tactics: ["execution", "persistence"],
    score,
    evidence: [{ text: "They used schtasks to persist.", start: 0, end: 30, score }],
  });
  const layer = toNavigatorLayer({
    ...RESULT,
    techniques: [sub("T1053.005", 0.81), sub("T1053.002", 0.55), RESULT.techniques[1]],
  });
  const kb = {
    techniqueById: (id: string) =>
      KB.techniqueById(id) ??
        (id.startsWith("T1053.")
          ? { id, stixId: "attack-pattern--3", tactics: ["execution", "persistence"] }
          : undefined),
  };
  assert.deepEqual(navigatorLayerProblems(layer, kb), []);
  const parents = layer.techniques.filter((t) => t.techniqueID === "T1053");
  assert.deepEqual(parents.map((t) => [t.tactic, t.score]), [["execution", 81], [
    "persistence",
    81,
  ]]);
  assert.match(parents[0].comment!, /Implied by its sub-techniques T1053\.005, T1053\.002/);
  assert.equal(parents[0].showSubtechniques, true);

  const both = toNavigatorLayer({
    ...RESULT,
    techniques: [...RESULT.techniques, sub("T1053.005", 0.9)],
  });
  assert.equal(
    both.techniques.filter((t) => t.techniqueID === "T1053").length,
    2,
    "listed parent kept as is",
  );
});
