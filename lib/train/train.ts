import { join } from "node:path";
import type { KnowledgeBase } from "../attack/knowledge_base.ts";
import {
  EXHAUSTIVE_CORPORA,
  type LabelledSentence,
  sentencesFromAttack,
  trainingSentencesFromReports,
} from "../data/examples.ts";
import type { AnnotatedReport } from "../data/types.ts";
import { bestThreshold, scoreAnnotated, type ScoredReport } from "../eval/evaluate.ts";
import { kFoldByGroup } from "../eval/split.ts";
import { type Component, Extractor, type ModelMeta, UNGATED } from "../extract/extractor.ts";
import { KnnClassifier, type KnnOptions } from "../model/knn.ts";
import { NeuralClassifier } from "../model/neural.ts";
import { RelevanceGate, type RelevanceGateOptions } from "../model/relevance.ts";
import { ReportStacker } from "../model/stacker.ts";
import {
  SentenceClassifier,
  type SentenceClassifierOptions,
} from "../model/sentence_classifier.ts";

/** The sentence scorers the project can train. */
export type ComponentName = "linear" | "knn" | "neural";

/** Default ensemble: weights of each component's sentence probability. */
export const DEFAULT_WEIGHTS: Readonly<Partial<Record<ComponentName, number>>> = {
  linear: 0.6,
  knn: 0.4,
};

/**
 * Candidate features the stacker does not learn from: how often the training corpus annotates a
 * technique (it would learn that techniques rare in TRAM never count, which does not carry over
 * to other reports), explicit mentions (TRAM's annotators skipped ATT&CK tables; explicit IDs
 * are handled by rule instead) and the length of the report (training reports are long; a pasted
 * paragraph would sit far outside what the stacker saw).
 */
const NOT_STACKED = new Set([
  "priorLogit",
  "explicitId",
  "explicitName",
  "supportShare",
  "logSentences",
]);

/** Options for training the extractor's model. */
export interface TrainOptions {
  kb: KnowledgeBase;
  /** Annotated reports to learn from (their sentences, unannotated ones as negatives). */
  reports: AnnotatedReport[];
  /** Prepared rows to train on instead of rebuilding them from `kb` and `reports`. */
  rows?: LabelledSentence[];
  /** ATT&CK groups/software/campaigns whose procedure examples are left out. */
  excludeSources?: ReadonlySet<string>;
  /** Extra labelled rows (e.g. analyst reviews). */
  extraRows?: LabelledSentence[];
  /** Times each annotated report sentence is repeated in training. Default 2. */
  reportWeight?: number;
  /** Components and their ensemble weights. Default DEFAULT_WEIGHTS. */
  weights?: Partial<Record<ComponentName, number>>;
  linear?: SentenceClassifierOptions;
  knn?: KnnOptions;
  /** The relevance gate over every sentence score; `false` leaves it out. Default on. */
  relevance?: RelevanceGateOptions | false;
  /** Pick report thresholds (and fit the stacker) on an inner split of the training reports. Default true. */
  calibrate?: boolean;
  /** Inner folds over the calibration reports. Default 2. */
  calibrationFolds?: number;
  /** Fit the report-level stacker during calibration. Default true. */
  stack?: boolean;
  /** Candidate features the stacker leaves out. Default: prior and explicit mentions. */
  stackerExclude?: readonly string[];
  name?: string;
  progress?: (message: string) => void;
}

/** Fitted sentence scorers and the relevance gate shared by all of them. */
export interface FittedComponents {
  components: Component[];
  relevance?: RelevanceGate;
}

/** A trained extractor with its components, gate, stacker and metadata. */
export interface TrainedModel extends FittedComponents {
  extractor: Extractor;
  stacker?: ReportStacker;
  meta: ModelMeta;
}

/** A way to decide: some components (weighted), the gate, and optionally the stacker. */
export interface Variant {
  components: Component[];
  relevance?: RelevanceGate;
  stacker?: ReportStacker;
}

/**
 * The variants measured and calibrated: each component alone, the weighted ensemble, the
 * ensemble without the relevance gate ("ungated", an ablation) and the ensemble with the
 * stacker ("stacked"). Every variant but "ungated" uses the gate when there is one.
 */
export function variantsOf(model: FittedComponents & { stacker?: ReportStacker }): Record<
  string,
  Variant
> {
  const { components, relevance, stacker } = model;
  const out: Record<string, Variant> = {};
  for (const c of components) out[c.name] = { components: [{ ...c, weight: 1 }], relevance };
  if (components.length > 1) out.ensemble = { components, relevance };
  if (components.length > 1 && relevance) out[UNGATED] = { components };
  if (stacker) out.stacked = { components, relevance, stacker };
  return out;
}

/** One extractor per variant, each with its own calibrated threshold. */
export function variantExtractors(
  kb: KnowledgeBase,
  model: TrainedModel,
): Record<string, { extractor: Extractor; threshold: number }> {
  return Object.fromEntries(
    Object.entries(variantsOf(model)).map(([name, v]) => [name, {
      extractor: new Extractor(kb, v.components, model.meta, v),
      threshold: model.meta.thresholds?.[name] ?? model.meta.threshold,
    }]),
  );
}

/** Share of reports that carry each technique. */
export function techniquePriors(reports: AnnotatedReport[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of reports) {
    for (const id of new Set(r.spans.map((s) => s.techniqueId))) counts[id] = (counts[id] ?? 0) + 1;
  }
  return Object.fromEntries(
    Object.entries(counts).map(([id, c]) => [id, c / Math.max(1, reports.length)]),
  );
}

/** Stacker training rows: every candidate of every report, labelled by the report's gold. */
export async function stackerRows(
  probe: Extractor,
  reports: AnnotatedReport[],
  labelSet?: ReadonlySet<string>,
): Promise<{ x: Record<string, number>[]; y: number[] }> {
  const x: Record<string, number>[] = [];
  const y: number[] = [];
  for (const r of reports) {
    const gold = new Set(r.spans.map((s) => s.techniqueId));
    for (const c of probe.candidates(await probe.sentenceAnalysis(r.text))) {
      if (labelSet && !labelSet.has(c.id)) continue;
      x.push(c.features);
      y.push(gold.has(c.id) ? 1 : 0);
    }
  }
  return { x, y };
}

async function hashRows(rows: LabelledSentence[]): Promise<string> {
  const bytes = new TextEncoder().encode(
    rows.map((r) => `${r.labels.join(",")}\t${r.text}`).join("\n"),
  );
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * All training rows: ATT&CK procedures and descriptions, report sentences (annotated ones
 * repeated `reportWeight` times: real report prose is closer to what the model will read than
 * ATT&CK's summaries; unannotated ones as negatives where the corpus is exhaustive), and extra rows.
 */
export function trainingRows(
  options: Pick<TrainOptions, "kb" | "reports" | "excludeSources" | "extraRows" | "reportWeight">,
  reports = options.reports,
): LabelledSentence[] {
  const fromReports = trainingSentencesFromReports(reports);
  const repeats = Math.max(1, Math.round(options.reportWeight ?? 2));
  const labelled = fromReports.filter((r) => r.labels.length);
  return [
    ...sentencesFromAttack(options.kb, { excludeSources: options.excludeSources }),
    ...fromReports,
    ...Array.from({ length: repeats - 1 }, () => labelled).flat(),
    ...(options.extraRows ?? []),
  ];
}

function weightsOf(options: TrainOptions): string[] {
  return Object.entries(options.weights ?? DEFAULT_WEIGHTS).filter(([, w]) => w).map(([n]) => n);
}

// The gate needs enough of both kinds of report sentence to learn anything.
const MIN_GATE_ROWS = 50;

/**
 * Fit the relevance gate. Negatives come only from exhaustively annotated reports (where an
 * unannotated sentence really describes no technique); positives are their annotated sentences
 * plus as many rows again drawn evenly from every other labelled source (ATT&CK procedures,
 * AnnoCTR), so the gate learns what adversary behaviour looks like in general, not only in one
 * corpus's house style: left-out ATT&CK procedures went from 0.76 to 0.81 parent F1 with them.
 * Undefined when there are too few rows or the gate is turned off.
 */
export function fitRelevance(
  rows: LabelledSentence[],
  options: Pick<TrainOptions, "relevance" | "linear">,
): RelevanceGate | undefined {
  if (options.relevance === false) return undefined;
  const report = rows.filter((r) => EXHAUSTIVE_CORPORA.has(r.source));
  const positives = report.filter((r) => r.labels.length).length;
  if (positives < MIN_GATE_ROWS || report.length - positives < MIN_GATE_ROWS) return undefined;
  const others = rows.filter((r) => !EXHAUSTIVE_CORPORA.has(r.source) && r.labels.length);
  const step = Math.max(1, Math.round(others.length / positives));
  return new RelevanceGate({ classifier: options.linear, ...options.relevance }).fit([
    ...report,
    ...others.filter((_, i) => i % step === 0),
  ]);
}

/** Fit each weighted component, and the relevance gate, on the rows. */
export async function fitComponents(
  rows: LabelledSentence[],
  options: TrainOptions,
): Promise<FittedComponents> {
  const log = options.progress ?? (() => {});
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  log(`fitting on ${rows.length} rows (${rows.filter((r) => r.labels.length).length} labelled)`);
  const components: Component[] = [];
  if (weights.linear) {
    const scorer = new SentenceClassifier({
      ...options.linear,
      logistic: {
        ...options.linear?.logistic,
        onEpoch: (e, loss) => log(`  linear epoch ${e}: loss ${loss.toFixed(4)}`),
      },
    }).fit(rows);
    components.push({ name: "linear", scorer, weight: weights.linear });
  }
  if (weights.knn) {
    components.push({
      name: "knn",
      scorer: new KnnClassifier(options.knn).fit(rows),
      weight: weights.knn,
    });
    log("  knn indexed");
  }
  if (weights.neural) {
    const scorer = await new NeuralClassifier().fit(rows, { progress: log });
    components.push({ name: "neural", scorer, weight: weights.neural });
  }
  const relevance = fitRelevance(rows, options);
  if (relevance) log("  relevance gate fitted");
  return { components, relevance };
}

/**
 * Train the components, calibrate report thresholds (for each component alone and for the
 * ensemble) on held-out training reports — never on evaluation data — then refit on all rows.
 */
export async function trainModel(options: TrainOptions): Promise<TrainedModel> {
  const log = options.progress ?? (() => {});
  const rows = options.rows ?? trainingRows(options);
  const thresholds: Record<string, number> = {};
  let stacker: ReportStacker | undefined;
  // Calibration micro-F1 of each variant; the best one is shipped.
  const calibrationF1: Record<string, number> = {};
  let chosen = "ensemble";
  const meta = (dataHash: string, priors: Record<string, number>): ModelMeta => ({
    name: options.name ?? "ttp-ensemble",
    // Date and training-data digest: two models share a version only if trained on the same rows.
    version: `${new Date().toISOString().slice(0, 10)}${
      dataHash ? `+${dataHash.slice(0, 8)}` : ""
    }`,
    trainedAt: new Date().toISOString(),
    attackVersion: options.kb.version,
    dataHash,
    variant: chosen,
    threshold: thresholds[chosen] ?? 0.5,
    thresholds,
    weights: { ...(options.weights ?? DEFAULT_WEIGHTS) },
    priors,
    ...(stacker ? { stacker: stacker.toJSON() } : {}),
  });
  const calibration = calibrationReports(options);
  if (options.calibrate !== false && calibration.length >= 4) {
    const k = options.calibrationFolds ?? 3;
    const folds = kFoldByGroup(calibration.map((r) => r.id), k, 29);
    // Score only techniques the calibration corpus annotates at all: its annotators could never
    // confirm the others, and counting them as errors would push every threshold up.
    const labelSet = new Set(calibration.flatMap((r) => r.spans.map((s) => s.techniqueId)));
    log(`calibrating on ${calibration.length} training reports, ${k}-fold cross-fitted`);
    const scored: Record<string, ScoredReport[]> = {};
    const inners: (FittedComponents & { meta: ModelMeta; test: AnnotatedReport[] })[] = [];
    for (let f = 0; f < k; f++) {
      const test = calibration.filter((r) => folds.get(r.id) === f);
      const held = new Set(test.map((r) => r.id));
      const kept = options.reports.filter((r) => !held.has(r.id));
      const innerRows = options.rows
        ? options.rows.filter((r) => !held.has(r.group))
        : trainingRows(options, kept);
      const inner = await fitComponents(innerRows, options);
      const innerMeta = meta("", techniquePriors(kept));
      inners.push({ ...inner, meta: innerMeta, test });
      for (const [variant, v] of Object.entries(variantsOf(inner))) {
        const probe = new Extractor(options.kb, v.components, innerMeta, v);
        (scored[variant] ??= []).push(...await scoreAnnotated(probe, test));
      }
    }
    for (const [variant, s] of Object.entries(scored)) {
      const best = bestThreshold(s, { labelSet });
      thresholds[variant] = best.threshold;
      calibrationF1[variant] = best.scores.micro.f1;
      log(`  threshold ${variant}: ${thresholds[variant]}`);
    }
    if (options.stack !== false) {
      const excluded = new Set(options.stackerExclude ?? NOT_STACKED);
      const perFold: { x: Record<string, number>[]; y: number[] }[] = [];
      for (const inner of inners) {
        const probe = new Extractor(options.kb, inner.components, inner.meta, inner);
        perFold.push(await stackerRows(probe, inner.test, labelSet));
      }
      const names = Object.keys(perFold.find((f) => f.x.length)?.x[0] ?? {}).filter((n) =>
        !excluded.has(n)
      );
      const fitOn = (folds: typeof perFold) =>
        new ReportStacker().fit(
          folds.flatMap((f) => f.x.map((r) => names.map((n) => r[n]))),
          folds.flatMap((f) => f.y),
          names,
        );
      // Each fold is scored by a stacker fitted on the other folds' candidates, so the stacked
      // variant's calibration F1 is held out like every other variant's, not in-sample.
      const stackedScores: ScoredReport[] = [];
      for (const [f, inner] of inners.entries()) {
        const held = fitOn(perFold.filter((_, g) => g !== f));
        const stacked = new Extractor(options.kb, inner.components, inner.meta, {
          relevance: inner.relevance,
          stacker: held,
        });
        stackedScores.push(...await scoreAnnotated(stacked, inner.test));
      }
      stacker = fitOn(perFold);
      const best = bestThreshold(stackedScores, { labelSet });
      thresholds.stacked = best.threshold;
      calibrationF1.stacked = best.scores.micro.f1;
      const candidates = perFold.reduce((n, f) => n + f.y.length, 0);
      log(`  stacker fit on ${candidates} candidates; threshold stacked: ${thresholds.stacked}`);
    }
  }
  chosen = Object.entries(calibrationF1).sort((a, b) => b[1] - a[1])[0]?.[0] ??
    (weightsOf(options).length > 1 ? "ensemble" : weightsOf(options)[0]);
  if (Object.keys(calibrationF1).length) {
    const all = Object.entries(calibrationF1).map(([v, f]) => `${v} ${f.toFixed(3)}`).join(", ");
    log(`calibration micro-F1: ${all}`);
    log(`shipping variant ${chosen} (calibration micro-F1 ${calibrationF1[chosen]?.toFixed(3)})`);
  }
  const fitted = await fitComponents(rows, options);
  const m = meta(await hashRows(rows), techniquePriors(options.reports));
  const shipped = variantsOf({ ...fitted, stacker })[chosen] ?? fitted;
  const extractor = new Extractor(options.kb, shipped.components, m, shipped);
  return { extractor, ...fitted, stacker, meta: m };
}

/**
 * Reports used to calibrate thresholds and fit the stacker: TRAM-style reports (every technique
 * the report describes is annotated) when present, since that is the question analysts ask;
 * AnnoCTR only links the techniques that are named as entities.
 */
export function calibrationReports(options: Pick<TrainOptions, "reports">): AnnotatedReport[] {
  const tram = options.reports.filter((r) => r.corpus === "tram" && r.spans.length > 0);
  return tram.length >= 4 ? tram : options.reports.filter((r) => r.spans.length > 0);
}

/** Save a trained model as a folder: meta.json and one sub-folder per component. */
export async function saveModel(dir: string, model: TrainedModel): Promise<void> {
  for (const c of model.components) {
    const scorer = c.scorer as { save?: (dir: string) => Promise<void> };
    if (!scorer.save) throw new Error(`component ${c.name} cannot be saved`);
    await scorer.save(join(dir, c.name));
  }
  if (model.relevance) await model.relevance.save(join(dir, "relevance"));
  await Deno.writeTextFile(join(dir, "meta.json"), JSON.stringify(model.meta, null, 2) + "\n");
}

/** Parse "linear=0.6,knn=0.4" into ensemble weights; errors name the bad part. */
export function parseWeights(spec: string): Partial<Record<ComponentName, number>> {
  const known: ComponentName[] = ["linear", "knn", "neural"];
  const out: Partial<Record<ComponentName, number>> = {};
  for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [name, value] = part.split("=");
    const w = Number(value);
    if (!known.includes(name as ComponentName) || !(w > 0)) {
      throw new Error(
        `--weights: "${part}" is not NAME=WEIGHT with NAME one of ${
          known.join(", ")
        } and WEIGHT > 0.`,
      );
    }
    out[name as ComponentName] = w;
  }
  return out;
}
