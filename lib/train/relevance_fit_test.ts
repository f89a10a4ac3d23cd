import assert from "node:assert/strict";
import { rocAuc as auc } from "../eval/metrics.ts";
import { sentencesFromAttack, trainingSentencesFromReports } from "../data/examples.ts";
import { loadKnowledgeBase, loadTramReports } from "../data/load.ts";
import { holdOutByGroup } from "../eval/split.ts";
import { fitRelevance } from "./train.ts";

Deno.test("fitted gate takes unseen ATT&CK procedure text for adversary behaviour", async () => {
  const kb = await loadKnowledgeBase();
  const { train, test } = holdOutByGroup(
    await loadTramReports(undefined, { kb }),
    (r) => r.id,
    0.2,
    5,
  );
  // Procedures of these sources are left out of training and used as unseen relevant text.
  const unseen = new Set(["S0002", "G0007", "G0016"]);
  const rows = [
    ...sentencesFromAttack(kb, { excludeSources: unseen }),
    ...trainingSentencesFromReports(train),
  ];
  const gate = fitRelevance(rows, { linear: { tfidf: { charNgramRange: [0, 0] } } });
  assert.ok(gate, "enough rows for a gate");
  const procedures = sentencesFromAttack(kb).filter((r) => unseen.has(r.group)).slice(0, 300);
  const background = trainingSentencesFromReports(test).filter((r) => !r.labels.length)
    .slice(0, 300);
  const a = auc(
    procedures.map((r) => gate.predictProba(r.text)),
    background.map((r) => gate.predictProba(r.text)),
  );
  assert.ok(a > 0.91, `AUC ${a.toFixed(3)}: left-out procedures vs unannotated report prose`);
  assert.equal(fitRelevance(rows, { relevance: false }), undefined);
  assert.equal(fitRelevance(rows.filter((r) => r.source !== "tram"), {}), undefined);
});
