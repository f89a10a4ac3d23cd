import assert from "node:assert/strict";
import { parentId, prf, rocAuc, scoreReports } from "./metrics.ts";
import { holdOutByGroup, kFoldByGroup } from "./split.ts";

Deno.test("prf handles empty cases", () => {
  assert.deepEqual(prf(0, 0, 0), { precision: 0, recall: 0, f1: 0, tp: 0, fp: 0, fn: 0 });
  assert.equal(prf(1, 1, 0).precision, 0.5);
  assert.equal(prf(2, 0, 2).recall, 0.5);
});

Deno.test("micro and macro scores, exact and parent level, with a label set", () => {
  const preds = [
    { id: "a", gold: new Set(["T1059.001", "T1105"]), predicted: new Set(["T1059.003", "T1105"]) },
    { id: "b", gold: new Set(["T1566.001"]), predicted: new Set(["T1566.001", "T1027"]) },
  ];
  const exact = scoreReports(preds);
  assert.equal(exact.micro.tp, 2);
  assert.equal(exact.micro.fp, 2);
  assert.equal(exact.micro.fn, 1);
  const parent = scoreReports(preds, { parentLevel: true });
  assert.equal(parent.micro.tp, 3);
  assert.equal(parent.micro.fp, 1);
  assert.equal(parent.micro.fn, 0);
  const restricted = scoreReports(preds, { labelSet: new Set(["T1105", "T1566.001"]) });
  assert.equal(restricted.micro.f1, 1);
  assert.equal(parentId("T1059.001"), "T1059");
  assert.ok(exact.macroF1 > 0 && exact.macroF1 < 1);
});

Deno.test("splits never separate a group and are reproducible", () => {
  const items = Array.from({ length: 200 }, (_, i) => ({ g: `r${i % 40}`, i }));
  const { train, test } = holdOutByGroup(items, (x) => x.g, 0.2);
  const trainGroups = new Set(train.map((x) => x.g));
  assert.ok(test.every((x) => !trainGroups.has(x.g)));
  assert.equal(new Set(test.map((x) => x.g)).size, 8);
  assert.deepEqual(kFoldByGroup(["a", "b", "c"], 2, 1), kFoldByGroup(["c", "b", "a"], 2, 1));
});

Deno.test("rocAuc: perfect, reversed, tied and empty orderings", () => {
  assert.equal(rocAuc([0.9, 0.8], [0.1, 0.2]), 1);
  assert.equal(rocAuc([0.1], [0.9]), 0);
  assert.equal(rocAuc([0.5, 0.9], [0.5]), 0.75);
  assert.equal(rocAuc([], [0.3]), 0);
});
