import assert from "node:assert/strict";
import type { CleanRow } from "../data/clean.ts";
import { featureText } from "../data/clean.ts";
import {
  augment,
  balanceFigures,
  cleanBalanced,
  ForestMultiLabel,
  labelCounts,
  oversample,
  pseudoLabel,
  vectorize,
} from "./mod.ts";
import { seededRandom } from "../model/random.ts";

const row = (text: string, labels: string[], source = "tram", group = "r1"): CleanRow => ({
  text,
  clean: featureText(text),
  labels,
  source,
  group,
  split: "train",
});

const dnsRows = [
  "The malware tunnels its traffic through DNS queries to the controller.",
  "Commands arrive as DNS TXT records and results leave in DNS queries.",
  "The implant encodes stolen data in DNS subdomain queries.",
].map((t, i) => row(t, ["T1071.004"], "attack-procedure", `S000${i}`));
const filler = Array.from(
  { length: 60 },
  (_, i) =>
    row(
      `The operators used tool number ${i} to copy files over SMB shares and run commands.`,
      [
        "T1021.002",
      ],
      "attack-procedure",
      `G${i}`,
    ),
);
const negatives = Array.from(
  { length: 40 },
  (_, i) => row(`The company published quarterly report ${i} about its customers and revenue.`, []),
);

Deno.test("label counts and balance figures", () => {
  const rows = [...dnsRows, ...filler, ...negatives];
  assert.deepEqual([...labelCounts(rows)], [["T1021.002", 60], ["T1071.004", 3]]);
  const f = balanceFigures(rows, 10);
  assert.equal(f.techniques, 2);
  assert.equal(f.rare, 1);
  assert.equal(f.max, 60);
  assert.equal(f.labelledRows, 63);
});

Deno.test("a per-label forest separates its technique from the rest", () => {
  const rows = [...dnsRows, ...filler, ...negatives];
  const { vectors } = vectorize(rows.map((r) => r.clean));
  const m = new ForestMultiLabel({ trees: 8, seed: 3 });
  assert.ok(m.fitLabel("T1071.004", vectors.slice(0, 3), vectors.slice(3)));
  const p = m.predictProba("T1071.004", [vectors[0], vectors[10], vectors[80]]);
  assert.ok(p[0] > 0.8, `positive scored ${p[0]}`);
  assert.ok(p[1] < 0.5 && p[2] < 0.5, `negatives scored ${p[1]}, ${p[2]}`);
  assert.deepEqual(m.predictProba("T9999", [vectors[0]]), [0]);
});

Deno.test("pseudoLabel labels an unlabelled sentence of a rare technique, only train rows", () => {
  const candidate = row("Stolen data is sent out in DNS queries to the attacker's domain.", []);
  const dev = { ...row("Stolen data is sent out in DNS queries to evil.", []), split: "dev" };
  // A heading naming another technique is never relabelled, however close it is.
  const heading = row(
    "T1048.003: stolen data sent out in DNS queries to the attacker's domain.",
    [],
  );
  const result = pseudoLabel([...dnsRows, ...filler, ...negatives, candidate, heading, dev], {
    minExamples: 10,
    threshold: 0.7,
    minSimilarity: 0.1,
  });
  assert.deepEqual(result.added.map((a) => [a.label, a.text]), [["T1071.004", candidate.text]]);
  const relabelled = result.rows.find((r) => r.text === candidate.text)!;
  assert.equal(relabelled.source, "pseudo-label");
  assert.deepEqual(result.rows.find((r) => r.split === "dev")!.labels, []);
  assert.equal(result.outcomes[0].label, "T1071.004");
});

Deno.test("oversample brings rare techniques up with distinct augmented copies", () => {
  const src = row(
    "APT29 has used DNS tunneling for command and control traffic.",
    ["T1071.004"],
    "attack-procedure",
    "G0016",
  );
  const { rows, added } = oversample([src, ...filler], {
    minExamples: 5,
    actorName: (g) => (g === "G0016" ? "APT29" : undefined),
    actorNames: ["FIN7", "Lazarus Group"],
  });
  assert.equal(added.length, 4);
  assert.equal(rows.length, 61 + 4);
  assert.ok(added.every((r) => r.source === "oversample" && r.labels[0] === "T1071.004"));
  assert.ok(added.every((r) => !r.text.includes("APT29") && r.text !== src.text));
  const rand = seededRandom(1);
  assert.equal(augment("One two", rand), "One two"); // nothing droppable
});

Deno.test("cleanBalanced removes what balancing created badly, never originals", () => {
  const original = row("The actor used scheduled tasks to keep the implant running after reboot.", [
    "T1053.005",
  ]);
  const sameLabelsCopy = { ...original, source: "oversample" };
  const nearCopy = row(
    "The actor used scheduled tasks to keep the implant running after reboot, nightly.",
    ["T1053.005"],
    "oversample",
  );
  const conflicting = row(
    "The actor used scheduled tasks to keep the implant running after reboot, daily.",
    ["T1547.001"],
    "pseudo-label",
  );
  const tooShort = row("Used tasks.", ["T1053.005"], "oversample");
  const fine = row(
    "FIN7 created a registry run key so the loader starts at logon.",
    ["T1547.001"],
    "oversample",
  );
  const { rows, removed } = cleanBalanced([
    original,
    sameLabelsCopy,
    nearCopy,
    conflicting,
    tooShort,
    fine,
    ...negatives,
  ]);
  const reasons = Object.fromEntries(removed.map((r) => [r.text, r.reason]));
  assert.equal(reasons[sameLabelsCopy.text], "duplicate created by balancing");
  assert.equal(reasons[nearCopy.text], "near-duplicate created by balancing");
  assert.equal(reasons[conflicting.text], "conflicting labels (near-identical original)");
  assert.equal(reasons[tooShort.text], "fewer than 3 tokens");
  assert.ok(
    rows.includes(original) || rows.some((r) => r.text === original.text && r.source === "tram"),
  );
  assert.ok(rows.some((r) => r.text === fine.text));
  assert.equal(rows.length, 2 + negatives.length);
});
