import assert from "node:assert/strict";
import { sparseDot, TfidfVectorizer } from "../features/tfidf.ts";
import { OneVsRestLogistic } from "./linear.ts";
import { SentenceClassifier } from "./sentence_classifier.ts";

Deno.test("TF-IDF: vocabulary, L2 norm, save/load round trip", () => {
  const docs = [["powershell", "download"], ["powershell", "encoded"], ["scheduled", "task"]];
  const v = new TfidfVectorizer({ minDf: 1, maxDfRatio: 1, ngramRange: [1, 1] }).fit(docs);
  assert.equal(v.size, 5);
  const x = v.transform(["powershell", "download", "unknown"]);
  assert.equal(x.indices.length, 2);
  assert.ok(Math.abs(sparseDot(x, x) - 1) < 1e-6);
  const back = TfidfVectorizer.fromJSON(JSON.parse(JSON.stringify(v.toJSON())));
  assert.deepEqual(back.transform(["powershell"]), v.transform(["powershell"]));
});

Deno.test("one-vs-rest logistic learns separable labels", () => {
  const v = new TfidfVectorizer({ minDf: 1, maxDfRatio: 1 });
  const texts = [
    [["powershell", "script"], [0]],
    [["scheduled", "task", "created"], [1]],
    [["powershell", "encoded", "command"], [0]],
    [["schtasks", "task", "persistence"], [1]],
    [["weather", "report"], []],
  ] as const;
  v.fit(texts.map(([t]) => [...t]));
  const x = texts.map(([t]) => v.transform([...t]));
  const m = new OneVsRestLogistic({ epochs: 60 }).fit(x, texts.map(([, y]) => [...y]), 2);
  assert.deepEqual(m.predict(v.transform(["powershell"])), [0]);
  assert.deepEqual(m.predict(v.transform(["task"])), [1]);
  const copy = OneVsRestLogistic.fromState(m.toState());
  assert.deepEqual(copy.predictProba(x[0]), m.predictProba(x[0]));
});

Deno.test("sentence classifier saves and loads exactly", async () => {
  const rows = [
    { text: "The actor used PowerShell to run an encoded command.", labels: ["T1059.001"] },
    { text: "A PowerShell script downloaded the payload.", labels: ["T1059.001"] },
    { text: "Persistence via a scheduled task named Updater.", labels: ["T1053.005"] },
    { text: "schtasks created a scheduled task every hour.", labels: ["T1053.005"] },
    { text: "The company released its quarterly results.", labels: [] },
  ];
  const clf = new SentenceClassifier({
    tfidf: { minDf: 1, maxDfRatio: 1 },
    logistic: { epochs: 40 },
  })
    .fit(rows);
  const dir = await Deno.makeTempDir();
  await clf.save(dir);
  const back = await SentenceClassifier.load(dir);
  assert.deepEqual(back.labels, ["T1053.005", "T1059.001"]);
  const text = "They ran PowerShell commands.";
  assert.deepEqual(back.predictProba(text), clf.predictProba(text));
  assert.ok(back.predictProba(text)[1] > back.predictProba(text)[0]);
  await Deno.remove(dir, { recursive: true });
  await assert.rejects(() => SentenceClassifier.load(dir), /deno task train/);
});
