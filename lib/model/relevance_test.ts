import assert from "node:assert/strict";
import { rocAuc as auc } from "../eval/metrics.ts";
import { trainingSentencesFromReports } from "../data/examples.ts";
import { loadTramReports } from "../data/load.ts";
import { holdOutByGroup } from "../eval/split.ts";
import { RelevanceGate } from "./relevance.ts";

Deno.test("relevance gate separates annotated from unannotated sentences of unseen TRAM reports", async () => {
  const reports = await loadTramReports();
  const { train, test } = holdOutByGroup(reports, (r) => r.id, 0.2, 5);
  const gate = new RelevanceGate({ classifier: { tfidf: { charNgramRange: [0, 0] } } })
    .fit(trainingSentencesFromReports(train));
  const held = trainingSentencesFromReports(test);
  const scores = (annotated: boolean) =>
    held.filter((r) => (r.labels.length > 0) === annotated).slice(0, 400).map((r) =>
      gate.predictProba(r.text)
    );
  const a = auc(scores(true), scores(false));
  assert.ok(a > 0.8, `AUC ${a.toFixed(3)} on held-out reports`);
  assert.ok(gate.factor("The company was founded in 2004 and employs 300 people.") < 0.5);
  assert.ok(gate.factor("The malware used PowerShell to download a second-stage payload.") > 0.5);

  const dir = await Deno.makeTempDir();
  await gate.save(dir);
  const back = await RelevanceGate.load(dir);
  const text = "The actor created a scheduled task for persistence.";
  assert.equal(back.factor(text), gate.factor(text));
  assert.equal(back.exponent, 0.5);
  await Deno.remove(`${dir}/gate.json`);
  await assert.rejects(() => RelevanceGate.load(dir), /gate\.json is missing.*deno task train/);
  await Deno.remove(dir, { recursive: true });
  assert.equal(new RelevanceGate({ exponent: 0 }).factor("anything"), 1);
});
