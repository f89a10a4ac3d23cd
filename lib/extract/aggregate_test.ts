import assert from "node:assert/strict";
import { splitSentences } from "../text/mod.ts";
import { aggregate } from "./aggregate.ts";

const text = [
  "T1053.005 Scheduled Task.",
  "The loader registered a scheduled task named GoogleUpdate.",
  "It also ran a task at logon.",
  "The weather was mild.",
].join(" ");
const sentences = splitSentences(text);

Deno.test("aggregate: a written ID does not hide the prose that supports the technique", () => {
  const votes = { techniqueId: "T1053.005", scores: new Map([[0, 0.97], [1, 0.45], [2, 0.22]]) };
  const { score, evidence } = aggregate(votes, sentences);
  assert.deepEqual(evidence.map((e) => e.text), [sentences[0].text, sentences[1].text]);
  assert.ok(score > 0.97);
  for (const e of evidence) assert.equal(text.slice(e.start, e.end), e.text);
});

Deno.test("aggregate: weak sentences are evidence only beside a weak best one", () => {
  const votes = { techniqueId: "T1053.005", scores: new Map([[1, 0.4], [2, 0.22], [3, 0.06]]) };
  const { evidence } = aggregate(votes, sentences);
  assert.deepEqual(evidence.map((e) => e.score), [0.4, 0.22], "0.22 >= half of 0.4; 0.06 is noise");
  const capped = aggregate(votes, sentences, { maxEvidence: 1 }).evidence;
  assert.equal(capped.length, 1);
});
