import assert from "node:assert/strict";
import { bestThreshold, type ScoredReport, writtenFalsePositives } from "./evaluate.ts";

function scored(
  id: string,
  gold: string[],
  scores: Record<string, number>,
  written: string[] = [],
): ScoredReport {
  return {
    id,
    gold: new Set(gold),
    scores: new Map(Object.entries(scores)),
    evidence: new Map(),
    spans: [],
    written: new Set(written),
  };
}

Deno.test("bestThreshold finds cut-offs below 0.1 when scores sit low", () => {
  const reports = [
    scored("a", ["T1105", "T1082"], { T1105: 0.08, T1082: 0.07, T1057: 0.06 }),
    scored("b", ["T1027"], { T1027: 0.09, T1140: 0.03 }),
  ];
  const best = bestThreshold(reports);
  assert.equal(best.threshold, 0.07);
  assert.equal(best.scores.micro.f1, 1);
});

Deno.test("writtenFalsePositives counts false positives the report names by ID itself", () => {
  const reports = [
    {
      ...scored("a", ["T1105"], { T1105: 0.9, T1082: 0.8, T1057: 0.6 }, ["T1082"]),
      threshold: 0.5,
    },
    { ...scored("b", ["T1027"], { T1027: 0.9, T1140: 0.2 }, ["T1140"]), threshold: 0.5 },
  ];
  assert.deepEqual(writtenFalsePositives(reports), { falsePositives: 2, written: 1 });
  assert.deepEqual(
    writtenFalsePositives(reports, { labelSet: new Set(["T1105", "T1057"]) }),
    { falsePositives: 1, written: 0 },
  );
});
