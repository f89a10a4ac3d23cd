import assert from "node:assert/strict";
import { loadKnowledgeBase, loadTramReports } from "../data/load.ts";
import { crossValidate } from "./crossval.ts";
import { atOwnThreshold, evidenceHitRate } from "./evaluate.ts";
import { scoreReports } from "./metrics.ts";

Deno.test("cross-validation scores every report once, held out from its own training", async () => {
  const kb = await loadKnowledgeBase();
  const reports = (await loadTramReports()).filter((r) => r.spans.length).slice(0, 12);
  const seen: string[] = [];
  const cv = await crossValidate({
    kb,
    reports,
    folds: 3,
    // kNN only and no calibration keep this test fast; the eval task runs the real thing.
    train: { weights: { knn: 1 }, calibrate: false },
    progress: (m) => seen.push(m),
  });
  assert.deepEqual(Object.keys(cv), ["knn"]);
  const ids = cv.knn.scored.map((s) => s.id).sort();
  assert.deepEqual(ids, reports.map((r) => r.id).sort());
  assert.equal(seen.filter((m) => m.startsWith("fold")).length, 3);
  assert.ok(
    seen.every((m) => !m.startsWith("fold") || /training on 8 reports, testing on 4/.test(m)),
  );
  const s = scoreReports(atOwnThreshold(cv.knn.scored));
  assert.ok(s.micro.tp > 0 && s.micro.f1 > 0.2, `F1 ${s.micro.f1}`);
  const ev = evidenceHitRate(cv.knn.scored, 0.5);
  assert.ok(ev.total > 0 && ev.rate >= 0 && ev.rate <= 1);
});
