import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { AnalysisResult } from "../extract/types.ts";
import { defaultExtractor } from "../testing.ts";
import {
  AnalysisStore,
  MIGRATIONS,
  reviewBenefit,
  reviewedResult,
  reviewRows,
  schemaVersion,
  sentenceSpan,
} from "./mod.ts";

const TEXT = "Intro line.\n\nThey ran vssadmin delete shadows /all /quiet. Then they encrypted " +
  "files with AES. A ransom note asked for bitcoin.";

function sample(): AnalysisResult {
  const at = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });
  const vss = "They ran vssadmin delete shadows /all /quiet.";
  const enc = "Then they encrypted files with AES.";
  return {
    source: { name: "r.txt", type: "txt", chars: TEXT.length, title: "R", sha256: "ab".repeat(32) },
    attack: { domain: "enterprise-attack", version: "18.1" },
    model: { name: "m", version: "1" },
    techniques: [
      {
        id: "T1490",
        name: "Inhibit System Recovery",
        tactics: ["impact"],
        score: 0.9,
        evidence: [{ text: vss, ...at(vss), score: 0.9 }],
      },
      {
        id: "T1486",
        name: "Data Encrypted for Impact",
        tactics: ["impact"],
        score: 0.3,
        evidence: [{ text: enc, ...at(enc), score: 0.3 }],
      },
    ],
  };
}

async function withStore(fn: (store: AnalysisStore, path: string) => Promise<void> | void) {
  const dir = await Deno.makeTempDir({ prefix: "ttp-store-" });
  const path = join(dir, "sub", "ttp.sqlite");
  const store = AnalysisStore.open(path);
  try {
    await fn(store, path);
  } finally {
    store.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("store: new file is migrated, in WAL mode, and reopening is idempotent", async () => {
  await withStore((store, path) => {
    const latest = MIGRATIONS.at(-1)!.version;
    assert.equal(schemaVersion(store.db), latest);
    const mode = store.db.prepare("PRAGMA journal_mode").get() as { journal_mode: string };
    assert.equal(mode.journal_mode, "wal");
    const applied = store.db.prepare("SELECT version, name FROM schema_migrations").all();
    assert.equal(applied.length, MIGRATIONS.length);
    store.close();
    const again = AnalysisStore.open(path);
    assert.equal(schemaVersion(again.db), latest);
    again.close();

    // A database from a newer program is refused rather than damaged.
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA user_version = ${latest + 1}`);
    db.close();
    assert.throws(() => AnalysisStore.open(path), /newer than this program/);
  });
});

Deno.test("store: save, find by hash, list, get with decisions, delete cascades", async () => {
  await withStore((store) => {
    const id = store.save(sample(), { text: TEXT, threshold: 0.5, candidateFloor: 0.2 });
    assert.equal(store.findBySha256("ab".repeat(32))?.id, id);
    assert.equal(store.findBySha256("cd".repeat(32)), undefined);
    const got = store.get(id)!;
    assert.equal(got.text, TEXT);
    assert.equal(got.threshold, 0.5);
    assert.equal(got.candidateFloor, 0.2);
    assert.deepEqual(got.techniques.map((t) => t.id), ["T1490", "T1486"]);
    assert.deepEqual(got.techniques[0].evidence, sample().techniques[0].evidence);

    const summary = store.list().items[0];
    assert.equal(summary.techniques, 1, "only T1490 is above the threshold");
    assert.equal(store.list({ query: "r.t" }).total, 1);
    assert.equal(store.list({ query: "100%_" }).total, 0, "LIKE wildcards are escaped");

    store.decide(id, { techniqueId: "T1490", decision: "accepted", reviewer: "ana" });
    store.decide(id, { techniqueId: "T1490", decision: "rejected", reviewer: "bo" });
    const ransom = sentenceSpan(TEXT, TEXT.indexOf("ransom"), TEXT.indexOf("ransom") + 6);
    assert.equal(ransom.text, "A ransom note asked for bitcoin.");
    store.decide(id, {
      techniqueId: "T1657",
      decision: "added",
      ...ransom,
      name: "Financial Theft",
      tactics: ["impact"],
    });
    const reviewed = store.get(id)!;
    const t1490 = reviewed.techniques.find((t) => t.id === "T1490")!;
    assert.equal(t1490.review?.decision, "rejected", "the latest decision wins");
    assert.equal(t1490.review?.reviewer, "bo");
    const added = reviewed.techniques.find((t) => t.id === "T1657")!;
    assert.equal(added.predicted, false);
    assert.equal(added.evidence[0].text, ransom.text);
    assert.deepEqual(store.summary(id)?.reviews, { accepted: 0, rejected: 1, added: 1 });

    // The export view drops the rejected, keeps the added, and honours the threshold.
    assert.deepEqual(reviewedResult(reviewed).techniques.map((t) => t.id), ["T1657"]);
    assert.deepEqual(
      reviewedResult(reviewed, { minScore: 0.2 }).techniques.map((t) => t.id),
      ["T1657", "T1486"],
    );

    store.decide(id, { techniqueId: "T1490", decision: "cleared" });
    assert.equal(store.get(id)!.techniques.find((t) => t.id === "T1490")!.review, undefined);
    assert.deepEqual(store.history(id).map((d) => d.decision), [
      "accepted",
      "rejected",
      "added",
      "cleared",
    ]);

    assert.equal(store.delete(id), true);
    assert.equal(store.delete(id), false);
    for (const table of ["techniques", "evidence", "decisions"]) {
      const n = store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
      assert.equal(n.n, 0, `${table} rows go with their analysis`);
    }
  });
});

Deno.test("store: review rows label accepted/added sentences and turn rejected ones negative", async () => {
  await withStore((store) => {
    const id = store.save(sample(), { text: TEXT, threshold: 0.5 });
    const ev = sample().techniques;
    store.decide(id, { techniqueId: "T1490", decision: "accepted", ...ev[0].evidence[0] });
    store.decide(id, { techniqueId: "T1486", decision: "rejected", ...ev[1].evidence[0] });
    // A second technique accepted on the rejected sentence makes it positive, not negative.
    const other = store.save({ ...sample(), source: { ...sample().source, sha256: "x" } }, {
      text: TEXT,
      threshold: 0.5,
    });
    store.decide(other, { techniqueId: "T1486", decision: "rejected", ...ev[1].evidence[0] });
    store.decide(other, { techniqueId: "T1027", decision: "added", ...ev[1].evidence[0] });
    store.decide(other, { techniqueId: "T1490", decision: "accepted" }); // no sentence: skipped

    const rows = reviewRows(store);
    assert.deepEqual(
      rows.map((r) => [r.group, r.text, r.labels, r.source]),
      [
        [`review/${id}`, ev[0].evidence[0].text, ["T1490"], "review"],
        [`review/${id}`, ev[1].evidence[0].text, [], "review"],
        [`review/${other}`, ev[1].evidence[0].text, ["T1027"], "review"],
      ],
    );
    assert.equal(reviewRows(store, { analyses: new Set([other]) }).length, 1);
  });
});

Deno.test("store: reviewBenefit trains with and without reviews and compares", async () => {
  const extractor = await defaultExtractor();
  await withStore(async (store) => {
    const id = store.save(sample(), { text: TEXT, threshold: 0.5 });
    store.decide(id, {
      techniqueId: "T1490",
      decision: "accepted",
      ...sample().techniques[0].evidence[0],
    });
    const seen: number[] = [];
    const benefit = await reviewBenefit({
      store,
      // A stand-in recipe: the real eval task trains here; the comparison logic is what is tested.
      train: (rows) => {
        seen.push(rows.length);
        return Promise.resolve(extractor);
      },
      test: [{
        id: "tram/t1",
        corpus: "tram",
        title: "t1",
        text: TEXT,
        spans: [{ techniqueId: "T1490", start: 13, end: 58 }],
      }],
    });
    assert.deepEqual(seen, [0, 1]);
    assert.equal(benefit.reviews.decisions, 1);
    assert.equal(benefit.reviews.inSample, true);
    assert.equal(benefit.with.agreement.total, 1);
    assert.equal(benefit.deltaMicroF1, 0);
    assert.match(benefit.summary, /1 decisions on 1 reports/);
  });
});
