import type { KnowledgeBase } from "../attack/knowledge_base.ts";
import { join } from "node:path";
import {
  type LabelledSentence,
  sentencesFromAttack,
  sentencesFromReports,
} from "../data/examples.ts";
import type { AnnotatedReport } from "../data/types.ts";
import { bestThreshold, scoreAnnotated } from "../eval/evaluate.ts";
import { holdOutByGroup } from "../eval/split.ts";
import { Extractor, type ModelMeta } from "../extract/extractor.ts";
import {
  SentenceClassifier,
  type SentenceClassifierOptions,
} from "../model/sentence_classifier.ts";

/** Options for training the extractor's model. */
export interface TrainOptions {
  kb: KnowledgeBase;
  /** Annotated reports to learn from (their sentences, unannotated ones as negatives). */
  reports: AnnotatedReport[];
  /** ATT&CK groups/software/campaigns whose procedure examples are left out. */
  excludeSources?: ReadonlySet<string>;
  /** Extra labelled rows (e.g. analyst reviews). */
  extraRows?: LabelledSentence[];
  classifier?: SentenceClassifierOptions;
  /** Pick the report threshold on an inner split of the training reports. Default true. */
  calibrate?: boolean;
  name?: string;
  progress?: (message: string) => void;
}

/** A trained extractor with its classifier and metadata. */
export interface TrainedModel {
  extractor: Extractor;
  classifier: SentenceClassifier;
  meta: ModelMeta;
}

async function hashRows(rows: LabelledSentence[]): Promise<string> {
  const bytes = new TextEncoder().encode(
    rows.map((r) => `${r.labels.join(",")}\t${r.text}`).join("\n"),
  );
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** All training rows: ATT&CK procedures and descriptions, report sentences, extra rows. */
export function trainingRows(options: TrainOptions, reports = options.reports): LabelledSentence[] {
  return [
    ...sentencesFromAttack(options.kb, { excludeSources: options.excludeSources }),
    ...sentencesFromReports(reports),
    ...(options.extraRows ?? []),
  ];
}

function fitClassifier(rows: LabelledSentence[], options: TrainOptions): SentenceClassifier {
  const log = options.progress ?? (() => {});
  log(`fitting on ${rows.length} rows (${rows.filter((r) => r.labels.length).length} labelled)`);
  return new SentenceClassifier({
    ...options.classifier,
    logistic: {
      ...options.classifier?.logistic,
      onEpoch: (e, loss) => log(`  epoch ${e}: loss ${loss.toFixed(4)}`),
    },
  }).fit(rows);
}

/**
 * Train the sentence classifier, calibrate the report-level threshold on held-out training
 * reports (never on evaluation data), then refit on all training data.
 */
export async function trainModel(options: TrainOptions): Promise<TrainedModel> {
  const log = options.progress ?? (() => {});
  const rows = trainingRows(options);
  let threshold = 0.5;
  const meta = (threshold: number, dataHash: string): ModelMeta => ({
    name: options.name ?? "ttp-linear",
    version: new Date().toISOString().slice(0, 10),
    trainedAt: new Date().toISOString(),
    attackVersion: options.kb.version,
    dataHash,
    threshold,
  });
  if (options.calibrate !== false && options.reports.length >= 5) {
    const { train, test } = holdOutByGroup(options.reports, (r) => r.id, 0.25, 29);
    log(`calibrating the threshold on ${test.length} held-out training reports`);
    const inner = fitClassifier(trainingRows(options, train), options);
    const probe = new Extractor(options.kb, [{ name: "linear", scorer: inner, weight: 1 }], meta(0, ""));
    threshold = bestThreshold(scoreAnnotated(probe, test)).threshold;
    log(`threshold ${threshold}`);
  }
  const classifier = fitClassifier(rows, options);
  const m = meta(threshold, await hashRows(rows));
  const extractor = new Extractor(options.kb, [{ name: "linear", scorer: classifier, weight: 1 }], m);
  return { extractor, classifier, meta: m };
}

/** Save a trained model as a folder: meta.json and linear/ (config + weights). */
export async function saveModel(dir: string, model: TrainedModel): Promise<void> {
  await model.classifier.save(join(dir, "linear"));
  await Deno.writeTextFile(join(dir, "meta.json"), JSON.stringify(model.meta, null, 2) + "\n");
}
