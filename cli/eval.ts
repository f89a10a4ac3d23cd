/**
 * `deno task eval [--folds 5] [--no-cv] [--no-dev] [--exclude-sources S0066,G0007]
 *   [--weights linear=0.6,knn=0.4,neural=0.2] [--json FILE]`
 *
 * Prints report-level figures for each component and the ensemble:
 * - dev split: train on ATT&CK + AnnoCTR + 80% of TRAM, score the held-out 20% of TRAM reports;
 * - k-fold cross-validation by report over TRAM and AnnoCTR (thresholds calibrated inside each
 *   fold's training data), TRAM on TRAM's label set, AnnoCTR at parent level, evidence overlap;
 * - with --exclude-sources: the left-out sources' ATT&CK procedure examples as unseen text.
 */
import { parseArgs } from "node:util";
import type { AnnotatedReport } from "../lib/data/mod.ts";
import {
  loadAnnoCtrReports,
  loadKnowledgeBase,
  loadTramReports,
  reportTechniques,
} from "../lib/data/mod.ts";
import {
  atOwnThreshold,
  crossValidate,
  evidenceHitRate,
  holdOutByGroup,
  type ReportScores,
  type ScoredReport,
  type ScoreOptions,
  scoreReports,
  worstConfusions,
  writtenFalsePositives,
} from "../lib/eval/mod.ts";
import { parseWeights, trainModel, variantExtractors } from "../lib/train/mod.ts";
import { scoreAnnotated } from "../lib/eval/mod.ts";
import { progress } from "./_progress.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    folds: { type: "string", default: "5" },
    "no-cv": { type: "boolean" },
    "no-dev": { type: "boolean" },
    "exclude-sources": { type: "string" },
    json: { type: "string" },
    weights: { type: "string" },
  },
});

const kb = await loadKnowledgeBase();
const tram = await loadTramReports(undefined, { kb });
const anno = await loadAnnoCtrReports(undefined, { kb });
const tramLabels = new Set(tram.flatMap((r) => [...reportTechniques(r)]));
const excludeSources = new Set(
  (values["exclude-sources"] ?? "").split(",").map((s) => s.trim().toUpperCase()).filter(Boolean),
);
const figures: Record<string, unknown> = {};
const pct = (x: number) => x.toFixed(3);

function line(name: string, s: ReportScores): string {
  return `${name.padEnd(22)} P ${pct(s.micro.precision)}  R ${pct(s.micro.recall)}  micro-F1 ${
    pct(s.micro.f1)
  }  macro-F1 ${pct(s.macroF1)}  (${s.reports} reports)`;
}

type Scored = (ScoredReport & { threshold: number })[];

function report(title: string, variants: Record<string, Scored>, corpus: string): void {
  const onTram = (s: Scored) => s.filter((r) => r.id.startsWith("tram/"));
  const onAnno = (s: Scored) => s.filter((r) => r.id.startsWith("annoctr/"));
  const settings: [string, (s: Scored) => Scored, ScoreOptions][] = [
    ["TRAM exact, TRAM labels", onTram, { labelSet: tramLabels }],
    ["TRAM parent level", onTram, { parentLevel: true, labelSet: parentSet(tramLabels) }],
    ["AnnoCTR parent, all", onAnno, { parentLevel: true }],
    ["AnnoCTR exact, all", onAnno, {}],
  ];
  console.log(`\n== ${title} ==`);
  for (const [setting, pick, opts] of settings) {
    if (!Object.values(variants).some((v) => pick(v).length)) continue;
    console.log(`-- ${setting}`);
    for (const [variant, scored] of Object.entries(variants)) {
      const sub = pick(scored);
      const s = scoreReports(atOwnThreshold(sub), opts);
      const ev = evidenceHitRate(sub, sub[0]?.threshold ?? 0.5, opts);
      console.log(`${line(variant, s)}  evidence ${pct(ev.rate)} of ${ev.total} TP`);
      figures[`${corpus}/${setting}/${variant}`] = {
        precision: s.micro.precision,
        recall: s.micro.recall,
        microF1: s.micro.f1,
        macroF1: s.macroF1,
        evidence: ev.rate,
      };
    }
  }
  const ensemble = variants.ensemble ?? Object.values(variants)[0];
  const tramPreds = atOwnThreshold(onTram(ensemble));
  if (tramPreds.length) {
    const s = scoreReports(tramPreds, { labelSet: tramLabels });
    console.log("-- per technique (ensemble, TRAM labels): support, P, R, F1 — 15 most frequent");
    for (const l of s.perLabel.slice(0, 15)) {
      console.log(
        `${l.id.padEnd(10)} ${String(l.support).padStart(4)}  ${pct(l.precision)} ${
          pct(l.recall)
        } ${pct(l.f1)}  ${kb.techniqueById(l.id)?.name ?? ""}`,
      );
    }
    console.log("-- worst F1 with support >= 5");
    for (
      const l of s.perLabel.filter((l) => l.support >= 5).sort((a, b) => a.f1 - b.f1).slice(0, 8)
    ) {
      console.log(`${l.id.padEnd(10)} ${String(l.support).padStart(4)}  F1 ${pct(l.f1)}`);
    }
    const w = writtenFalsePositives(onTram(ensemble), { labelSet: tramLabels });
    console.log(
      `-- false positives whose ID the report itself writes (ATT&CK tables left unannotated): ${w.written} of ${w.falsePositives}`,
    );
    figures[`${corpus}/writtenFalsePositives`] = w;
    console.log("-- worst confusions (missed gold -> predicted instead)");
    for (const c of worstConfusions(tramPreds, { labelSet: tramLabels })) {
      console.log(`${c.gold} -> ${c.predicted}: ${c.count}`);
    }
  }
}

function parentSet(ids: Set<string>): Set<string> {
  return new Set([...ids].map((id) => id.split(".")[0]));
}

const started = performance.now();
const train = {
  excludeSources,
  ...(values.weights ? { weights: parseWeights(values.weights) } : {}),
};

if (!values["no-dev"]) {
  const { train: tramTrain, test } = holdOutByGroup(tram, (r) => r.id, 0.2, 13);
  progress(
    `dev split: ${tramTrain.length} TRAM + ${anno.length} AnnoCTR reports to train, ${test.length} TRAM to score`,
  );
  const model = await trainModel({ kb, reports: [...tramTrain, ...anno], ...train, progress });
  const variants: Record<string, Scored> = {};
  for (const [variant, { extractor, threshold }] of Object.entries(variantExtractors(kb, model))) {
    variants[variant] = (await scoreAnnotated(extractor, test)).map((s) => ({ ...s, threshold }));
  }
  report("dev split: 20% of TRAM reports held out (split by report)", variants, "dev");
}

if (!values["no-cv"]) {
  const reports: AnnotatedReport[] = [...tram, ...anno];
  const folds = Number(values.folds);
  const cv = await crossValidate({ kb, reports, folds, train, progress });
  const variants = Object.fromEntries(Object.entries(cv).map(([k, v]) => [k, v.scored]));
  report(`${folds}-fold cross-validation by report (TRAM + AnnoCTR)`, variants, "cv");
}

if (excludeSources.size) {
  // Text derived from ATT&CK for sources the model never saw: one pseudo-report per source.
  const model = await trainModel({ kb, reports: [...tram, ...anno], ...train, progress });
  const pseudo: AnnotatedReport[] = [];
  for (const id of excludeSources) {
    let text = "";
    const spans = [];
    for (const t of kb.techniques) {
      for (const p of t.procedures.filter((p) => p.sourceId === id)) {
        const start = text.length;
        text += p.text + "\n\n";
        spans.push({ start, end: start + p.text.length, techniqueId: t.id });
      }
    }
    if (spans.length) pseudo.push({ id: `attack/${id}`, corpus: "tram", title: id, text, spans });
  }
  const scored = (await scoreAnnotated(model.extractor, pseudo)).map((s) => ({
    ...s,
    threshold: model.meta.threshold,
  }));
  const s = scoreReports(atOwnThreshold(scored), { parentLevel: true });
  console.log(`\n== left-out ATT&CK sources (${[...excludeSources].join(", ")}), parent level ==`);
  console.log(line(model.meta.variant ?? "ensemble", s));
  figures["left-out"] = {
    microF1: s.micro.f1,
    precision: s.micro.precision,
    recall: s.micro.recall,
  };
}

console.log(`\neval took ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (values.json) await Deno.writeTextFile(values.json, JSON.stringify(figures, null, 2));
