/**
 * `deno task train [--out DIR] [--exclude-sources S0066,G0007] [--no-calibrate]
 *   [--weights linear=0.6,knn=0.4,neural=0.2] [--with-reviews [--db FILE]]`
 *
 * Trains the default extractor on ATT&CK procedure examples and descriptions plus all annotated
 * TRAM and AnnoCTR reports, and saves it to models/default (or --out). With --with-reviews the
 * analysts' decisions in the analysis database (TTP_DB or data/ttp.sqlite, or --db) are added:
 * accepted and added techniques as labelled sentences, rejected ones as negatives.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  loadAnnoCtrReports,
  loadKnowledgeBase,
  loadTramReports,
  modelsDir,
} from "../lib/data/mod.ts";
import type { LabelledSentence } from "../lib/data/examples.ts";
import { pathExists } from "../lib/data/paths.ts";
import { AnalysisStore, countReviewRows, defaultDbPath, reviewRows } from "../lib/store/mod.ts";
import { parseWeights, saveModel, trainModel } from "../lib/train/mod.ts";
import { progress } from "./_progress.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    out: { type: "string" },
    "exclude-sources": { type: "string" },
    "no-calibrate": { type: "boolean" },
    "with-reviews": { type: "boolean" },
    db: { type: "string" },
    weights: { type: "string" },
  },
});

function loadReviewRows(path: string): LabelledSentence[] {
  if (!pathExists(path)) {
    progress(`no analysis database at ${path}: training without reviews`);
    return [];
  }
  const store = AnalysisStore.open(path);
  try {
    const rows = reviewRows(store);
    const { positive, negative } = countReviewRows(rows);
    progress(`reviews from ${path}: ${positive} labelled sentences, ${negative} negatives`);
    return rows;
  } finally {
    store.close();
  }
}

const started = performance.now();
const out = values.out ?? join(modelsDir(), "default");
progress("loading ATT&CK and the annotated corpora");
const kb = await loadKnowledgeBase();
const reports = [
  ...await loadTramReports(undefined, { kb }),
  ...await loadAnnoCtrReports(undefined, { kb }),
];
const excludeSources = new Set(
  (values["exclude-sources"] ?? "").split(",").map((s) => s.trim().toUpperCase()).filter(Boolean),
);
const extraRows = values["with-reviews"] ? loadReviewRows(values.db ?? defaultDbPath()) : [];
const model = await trainModel({
  kb,
  reports,
  excludeSources,
  extraRows,
  ...(values.weights ? { weights: parseWeights(values.weights) } : {}),
  calibrate: !values["no-calibrate"],
  progress,
});
await saveModel(out, model);
progress(
  `saved ${out} (threshold ${model.meta.threshold}) in ${
    ((performance.now() - started) / 1000).toFixed(1)
  } s`,
);
