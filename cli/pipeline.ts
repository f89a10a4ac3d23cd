/**
 * `deno task pipeline [--quick] [--all] [--only 05,06] [--reports DIR] [--retries N] [--plain]`
 *
 * Runs the numbered notebooks in notebooks/ headless with the Deno kernel, in order (01–08 by
 * default, all ten with --all), stops at the first failing cell, reruns a notebook whose cell
 * outputs the kernel lost (then fails loudly), and writes each rendered notebook as HTML to
 * reports/ (executed .ipynb copies in reports/executed/). --quick runs on a small sample with
 * temporary data/ and models/ folders unless TTP_DATA_DIR / TTP_MODELS_DIR are set. --plain runs
 * the notebooks' code as plain TypeScript, without Jupyter (no HTML reports).
 */
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "../lib/data/paths.ts";
import { executeNotebook, renderHtml, runPlain } from "../lib/notebook/run.ts";
import { progress } from "./_progress.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    quick: { type: "boolean" },
    all: { type: "boolean" },
    only: { type: "string" },
    reports: { type: "string" },
    retries: { type: "string" },
    plain: { type: "boolean" },
  },
});
const quick = !!values.quick || /^(1|true|yes)$/i.test(Deno.env.get("TTP_QUICK") ?? "");
const notebooksDir = join(REPO_ROOT, "notebooks");
const reportsDir = values.reports ?? join(REPO_ROOT, "reports", quick ? "quick" : "");
const only = values.only?.split(",").map((s) => s.trim().padStart(2, "0"));
const notebooks = [...Deno.readDirSync(notebooksDir)].map((e) => e.name)
  .filter((n) => /^\d\d_.*\.ipynb$/.test(n)).sort()
  .filter((n) => only ? only.includes(n.slice(0, 2)) : values.all || Number(n.slice(0, 2)) <= 8);
if (!notebooks.length) throw new Error("no notebooks selected");

function onPath(cmd: string): boolean {
  return (Deno.env.get("PATH") ?? "").split(":").some((dir) => {
    try {
      return Deno.statSync(join(dir, cmd)).isFile;
    } catch {
      return false;
    }
  });
}
if (!values.plain && !onPath("jupyter-nbconvert")) {
  progress(
    "jupyter-nbconvert is not installed: apt-get install jupyter-nbconvert python3-nbclient " +
      "python3-ipykernel (Debian), or run the notebooks' code without Jupyter with --plain",
  );
  Deno.exit(2);
}

const env: Record<string, string> = {};
let tempDir: string | undefined;
if (quick) {
  env.TTP_QUICK = "1";
  if (!Deno.env.get("TTP_DATA_DIR") || !Deno.env.get("TTP_MODELS_DIR")) {
    tempDir = await Deno.makeTempDir({ prefix: "ttp-pipeline-quick-" });
  }
  env.TTP_DATA_DIR = Deno.env.get("TTP_DATA_DIR") ?? join(tempDir!, "data");
  env.TTP_MODELS_DIR = Deno.env.get("TTP_MODELS_DIR") ?? join(tempDir!, "models");
  progress(`quick mode: data in ${env.TTP_DATA_DIR}, models in ${env.TTP_MODELS_DIR}`);
}

await Deno.mkdir(reportsDir, { recursive: true });
// The HTML fallback of plotly charts loads plotly.min.js from beside the report.
try {
  await Deno.copyFile(
    join(REPO_ROOT, "node_modules", "plotly.js-dist-min", "plotly.min.js"),
    join(reportsDir, "plotly.min.js"),
  );
} catch {
  progress("plotly.min.js not found (run `deno install`): interactive charts stay static");
}

// Stage progress written by the kernel (lib/notebook `progress`) is echoed here while it runs.
const progressLog = await Deno.makeTempFile({ prefix: "ttp-progress-", suffix: ".log" });
env.TTP_PROGRESS_LOG = progressLog;
let shown = 0;
const tail = setInterval(() => {
  const text = Deno.readTextFileSync(progressLog);
  if (text.length > shown) {
    for (const line of text.slice(shown).split("\n").filter(Boolean)) progress(`  │ ${line}`);
    shown = text.length;
  }
}, 1000);

const timings: { notebook: string; seconds: number; attempts: number }[] = [];
let failed = false;
try {
  for (const name of notebooks) {
    progress(`▶ ${name}`);
    const run = values.plain ? runPlain : executeNotebook;
    const result = await run(join(notebooksDir, name), {
      root: REPO_ROOT,
      outDir: join(reportsDir, "executed"),
      env,
      retries: values.retries ? Number(values.retries) : 2,
      log: progress,
    });
    const html = values.plain
      ? result.executed
      : await renderHtml(result.executed, reportsDir, REPO_ROOT);
    timings.push({
      notebook: basename(name, ".ipynb"),
      seconds: Math.round(result.seconds * 10) / 10,
      attempts: result.attempts,
    });
    progress(`✔ ${name} in ${result.seconds.toFixed(1)} s -> ${html}`);
  }
} catch (e) {
  failed = true;
  progress(`✘ ${(e as Error).message}`);
} finally {
  clearInterval(tail);
  await Deno.remove(progressLog).catch(() => {});
  // Merge with earlier runs (e.g. --only 09), one entry per notebook, in notebook order.
  const path = join(reportsDir, "timings.json");
  const earlier: typeof timings = await Deno.readTextFile(path)
    .then((t) => JSON.parse(t).timings, () => []);
  const merged = new Map([...earlier, ...timings].map((t) => [t.notebook, t]));
  const all = [...merged.values()].sort((a, b) => a.notebook.localeCompare(b.notebook));
  await Deno.writeTextFile(path, JSON.stringify({ quick, timings: all }, null, 2) + "\n");
  if (tempDir) await Deno.remove(tempDir, { recursive: true }).catch(() => {});
}
for (const t of timings) {
  progress(`  ${t.notebook.padEnd(28)} ${t.seconds.toFixed(1).padStart(7)} s`);
}
if (failed) Deno.exit(1);
