/**
 * `deno task train [--out DIR] [--exclude-sources S0066,G0007] [--no-calibrate]`
 *
 * Trains the default extractor on ATT&CK procedure examples and descriptions plus all annotated
 * TRAM and AnnoCTR reports, and saves it to models/default (or --out).
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  loadAnnoCtrReports,
  loadKnowledgeBase,
  loadTramReports,
  modelsDir,
} from "../lib/data/mod.ts";
import { saveModel, trainModel } from "../lib/train/mod.ts";
import { progress } from "./_progress.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    out: { type: "string" },
    "exclude-sources": { type: "string" },
    "no-calibrate": { type: "boolean" },
  },
});
const started = performance.now();
const out = values.out ?? join(modelsDir(), "default");
progress("loading ATT&CK and the annotated corpora");
const kb = await loadKnowledgeBase();
const reports = [...await loadTramReports(), ...await loadAnnoCtrReports()];
const excludeSources = new Set(
  (values["exclude-sources"] ?? "").split(",").map((s) => s.trim().toUpperCase()).filter(Boolean),
);
const model = await trainModel({
  kb,
  reports,
  excludeSources,
  calibrate: !values["no-calibrate"],
  progress,
});
await saveModel(out, model);
progress(
  `saved ${out} (threshold ${model.meta.threshold}) in ${
    ((performance.now() - started) / 1000).toFixed(1)
  } s`,
);
