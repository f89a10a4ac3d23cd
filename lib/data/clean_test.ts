import assert from "node:assert/strict";
import { cleanRows, dropReasons, featureText, stripCitations } from "./clean.ts";
import { parseCsv, rowsFromCsv, rowsToCsv } from "./row_csv.ts";

Deno.test("stripCitations removes ATT&CK citations, links and numbered references", () => {
  assert.equal(
    stripCitations("[APT29](https://attack.mitre.org/groups/G0016) used WMI.(Citation: Mandiant)"),
    "APT29 used WMI.",
  );
  assert.equal(
    stripCitations("It used PowerShell [12][13] to run code [4, 5]."),
    "It used PowerShell to run code.",
  );
});

Deno.test("cleanRows drops short, empty and retired rows and merges duplicates", () => {
  const { rows, dropped } = cleanRows([
    {
      text: "The actor   used PowerShell to download a payload.",
      labels: ["T1059.001"],
      source: "tram",
      group: "r1",
    },
    {
      text: "The actor used PowerShell to download a payload.",
      labels: ["T1105"],
      source: "tram",
      group: "r2",
    },
    { text: "   ", labels: [], source: "tram", group: "r1" },
    { text: "See above.", labels: [], source: "tram", group: "r1" },
    {
      text: "It used an old technique on many hosts.",
      labels: ["T9999"],
      source: "tram",
      group: "r1",
    },
    {
      text: "Dev copy: the actor used PowerShell to download a payload.",
      labels: [],
      source: "tram",
      group: "r3",
      split: "dev",
    },
  ], { resolveLabel: (id) => (id === "T9999" ? undefined : id) });
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[0].labels, ["T1059.001", "T1105"]);
  assert.equal(rows[0].text, "The actor used PowerShell to download a payload.");
  assert.equal(rows[1].split, "dev");
  assert.deepEqual(dropReasons(dropped).map((d) => d.reason).sort(), [
    "duplicate (labels merged)",
    "empty",
    "fewer than 3 tokens",
    "labels retired from ATT&CK",
  ]);
  assert.equal(featureText("The actor used cmd.exe"), "actor used cmd.exe");
});

Deno.test("row CSV round-trips quotes, commas and newlines", () => {
  const rows = [{
    text: 'He said "hi", then\nleft',
    clean: "said hi left",
    labels: ["T1", "T2"],
    source: "tram",
    group: "g,1",
    split: "train",
  }];
  assert.deepEqual(rowsFromCsv(rowsToCsv(rows)), rows);
  assert.deepEqual(parseCsv('a,"b ""c"""\r\n1,2'), [["a", 'b "c"'], ["1", "2"]]);
});
