import { join } from "node:path";
import type { KnowledgeBase } from "../attack/knowledge_base.ts";
import {
  type LabelledSentence,
  sentencesFromAttack,
  sentencesFromReports,
} from "../data/examples.ts";
import type { AnnotatedReport } from "../data/types.ts";
import { bestThreshold, scoreAnnotated } from "../eval/evaluate.ts";
import { holdOutByGroup } from "../eval/split.ts";
import { type Component, Extractor, type ModelMeta } from "../extract/extractor.ts";
import { KnnClassifier, type KnnOptions } from "../model/knn.ts";
import {
  SentenceClassifier,
  type SentenceClassifierOptions,
} from "../model/sentence_classifier.ts";

/** The sentence scorers the project can train. */
export type ComponentName = "linear" | "knn";

/** Default ensemble: weights of each component's sentence probability. */
export const DEFAULT_WEIGHTS: Readonly<Record<ComponentName, number>> = { linear: 0.6, knn: 0.4 };

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
  /** Components and their ensemble weights. Default DEFAULT_WEIGHTS. */
  weights?: Partial<Record<ComponentName, number>>;
  linear?: SentenceClassifierOptions;
  knn?: KnnOptions;
  /** Pick report thresholds on an inner split of the training reports. Default true. */
  calibrate?: boolean;
  name?: string;
  progress?: (message: string) => void;
}

/** A trained extractor with its components and metadata. */
export interface TrainedModel {
  extractor: Extractor;
  components: Component[];
  meta: ModelMeta;
}

/** Ensemble variants whose thresholds are calibrated: each component alone, and all together. */
export function variantsOf(components: Component[]): Record<string, Component[]> {
  const out: Record<string, Component[]> = {};
  for (const c of components) out[c.name] = [{ ...c, weight: 1 }];
  if (components.length > 1) out.ensemble = components;
  return out;
}

async function hashRows(rows: LabelledSentence[]): Promise<string> {
  const bytes = new TextEncoder().encode(
    rows.map((r) => `${r.labels.join(",")}\t${r.text}`).join("\n"),
  );
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** All training rows: ATT&CK procedures and descriptions, report sentences, extra rows. */
export function trainingRows(
  options: Pick<TrainOptions, "kb" | "reports" | "excludeSources" | "extraRows">,
  reports = options.reports,
): LabelledSentence[] {
  return [
    ...sentencesFromAttack(options.kb, { excludeSources: options.excludeSources }),
    ...sentencesFromReports(reports),
    ...(options.extraRows ?? []),
  ];
}

/** Fit each weighted component on the rows. */
export function fitComponents(rows: LabelledSentence[], options: TrainOptions): Component[] {
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
  return components;
}

/**
 * Train the components, calibrate report thresholds (for each component alone and for the
 * ensemble) on held-out training reports — never on evaluation data — then refit on all rows.
 */
export async function trainModel(options: TrainOptions): Promise<TrainedModel> {
  const log = options.progress ?? (() => {});
  const rows = options.rows ?? trainingRows(options);
  const thresholds: Record<string, number> = {};
  const meta = (dataHash: string): ModelMeta => ({
    name: options.name ?? "ttp-ensemble",
    version: new Date().toISOString().slice(0, 10),
    trainedAt: new Date().toISOString(),
    attackVersion: options.kb.version,
    dataHash,
    threshold: thresholds.ensemble ?? Object.values(thresholds)[0] ?? 0.5,
    thresholds,
    weights: { ...(options.weights ?? DEFAULT_WEIGHTS) },
  });
  if (options.calibrate !== false && options.reports.length >= 5) {
    const { train, test } = holdOutByGroup(options.reports, (r) => r.id, 0.25, 29);
    log(`calibrating thresholds on ${test.length} held-out training reports`);
    const held = new Set(test.map((r) => r.id));
    const innerRows = options.rows
      ? options.rows.filter((r) => !held.has(r.group))
      : trainingRows(options, train);
    const inner = fitComponents(innerRows, options);
    for (const [variant, components] of Object.entries(variantsOf(inner))) {
      const probe = new Extractor(options.kb, components, meta(""));
      thresholds[variant] = bestThreshold(scoreAnnotated(probe, test)).threshold;
      log(`  threshold ${variant}: ${thresholds[variant]}`);
    }
  }
  const components = fitComponents(rows, options);
  const m = meta(await hashRows(rows));
  return { extractor: new Extractor(options.kb, components, m), components, meta: m };
}

/** Save a trained model as a folder: meta.json and one sub-folder per component. */
export async function saveModel(dir: string, model: TrainedModel): Promise<void> {
  for (const c of model.components) {
    const scorer = c.scorer as { save?: (dir: string) => Promise<void> };
    if (!scorer.save) throw new Error(`component ${c.name} cannot be saved`);
    await scorer.save(join(dir, c.name));
  }
  await Deno.writeTextFile(join(dir, "meta.json"), JSON.stringify(model.meta, null, 2) + "\n");
}
