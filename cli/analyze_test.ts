import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO_ROOT, reportPath } from "../lib/testing.ts";

async function analyze(args: string[], stdin?: string | Uint8Array) {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(REPO_ROOT, "cli", "analyze.ts"), ...args],
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = cmd.spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(typeof stdin === "string" ? new TextEncoder().encode(stdin) : stdin);
    await w.close();
  }
  const out = await child.output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("one input, --format json: stdout is exactly one JSON object", async () => {
  const r = await analyze([reportPath("AA20-302A.pdf"), "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.equal(result.source.type, "pdf");
  assert.ok(result.source.chars > 10000);
  assert.deepEqual(result.attack, { domain: "enterprise-attack", version: "18.1" });
  assert.ok(result.model.name && result.model.version);
  assert.ok(result.techniques.length >= 5);
  const scores = result.techniques.map((t: { score: number }) => t.score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  // The advisory describes Ryuk's use of vssadmin to delete shadow copies (T1490).
  const t1490 = result.techniques.find((t: { id: string }) => t.id === "T1490");
  assert.ok(t1490, "T1490 Inhibit System Recovery found");
  assert.deepEqual(t1490.tactics, ["impact"]);
  for (const t of result.techniques) {
    assert.ok(t.evidence.length >= 1, t.id);
    for (const e of t.evidence) assert.ok(e.end > e.start && e.score > 0);
  }
});

Deno.test("several inputs: one line per input in order; a failure exits non-zero", async () => {
  const inputs = [
    reportPath("aptnotes/TA14-353A_wiper.pdf"),
    reportPath("GroupIB_Big_Airline_Heist_APT41.pdf"),
    reportPath("AA20-302A.html"),
    "/no/such/file.pdf",
  ];
  const r = await analyze(inputs);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, 4);
  assert.deepEqual(lines.map((l) => l.source.name), inputs);
  assert.ok(lines[0].techniques.length > 0);
  assert.match(lines[1].error, /no text layer/);
  assert.ok(lines[2].techniques.length > 0);
  assert.match(lines[3].error, /no such file/);
});

Deno.test("text from stdin, md and csv formats, --min-score filters", async () => {
  const text = "The attackers sent spearphishing emails with malicious Word attachments. " +
    "The macro launched PowerShell to download a second stage from the C2 server.";
  const md = await analyze(["-", "--format", "md"], text);
  assert.equal(md.code, 0, md.stderr);
  assert.match(md.stdout, /\| T1566\.001 \| Spearphishing Attachment/);
  const csv = await analyze(["-", "--format", "csv", "--min-score", "0.9"], text);
  const rows = csv.stdout.trim().split("\r\n");
  assert.equal(rows[0].split(",")[0], "source");
  for (const row of rows.slice(1)) assert.ok(Number(row.split(",")[4]) >= 0.9, row);
  const bad = await analyze(["-", "--min-score", "7"], text);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--min-score/);
});

Deno.test("stdin is sniffed like an upload; bad options and failed CSV inputs are reported", async () => {
  const pdf = await Deno.readFile(reportPath("AA20-302A.pdf"));
  const fromPipe = await analyze(["-"], pdf);
  assert.equal(fromPipe.code, 0, fromPipe.stderr);
  const result = JSON.parse(fromPipe.stdout);
  assert.equal(result.source.type, "pdf");
  assert.ok(result.techniques.some((t: { id: string }) => t.id === "T1490"));
  const garbage = await analyze(["-"], new Uint8Array(4096).map((_, i) => (i * 7919) % 256));
  assert.equal(garbage.code, 1);
  assert.match(JSON.parse(garbage.stdout).error, /stdin/);

  const bogus = await analyze(["--bogus", "x.txt"]);
  assert.equal(bogus.code, 2);
  assert.match(bogus.stderr, /bogus[\s\S]*Usage: deno task analyze/);
  assert.doesNotMatch(bogus.stderr, /TypeError|at .*\.ts:/);

  const csv = await analyze(["--format", "csv", reportPath("AA20-302A.html"), "/no/such.pdf"]);
  assert.equal(csv.code, 1);
  const last = csv.stdout.trim().split("\n").at(-1)!;
  assert.match(last, /^\/no\/such\.pdf,,,,,error: \/no\/such\.pdf: no such file\.,,$/);
});
