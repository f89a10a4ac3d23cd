import { join } from "node:path";
import { pathExists } from "../data/paths.ts";
import {
  SentenceClassifier,
  type SentenceClassifierOptions,
  type TextExample,
} from "./sentence_classifier.ts";

/** Options of the relevance gate. */
export interface RelevanceGateOptions {
  /** Power applied to the probability: 0 turns the gate off, 1 multiplies by it. Default 0.5. */
  exponent?: number;
  classifier?: SentenceClassifierOptions;
}

const LABEL = "relevant";

/**
 * Does a report sentence describe something an adversary did, whatever the technique? One
 * logistic model over the same features as the sentence classifier, trained on sentences that
 * describe techniques (relevant) and the unannotated sentences of exhaustively annotated reports
 * (not relevant); see `fitRelevance` in lib/train. Per-technique models see each technique's
 * few positives; this one learns from every annotation what background, vendor and victim prose
 * looks like, and its probability (to a power) scales every technique score of the sentence.
 *
 * @example
 * const gate = new RelevanceGate().fit(reportRows);
 * gate.factor("The company was founded in 2004."); // well below 1
 */
export class RelevanceGate {
  readonly exponent: number;
  #options: SentenceClassifierOptions;
  #clf?: SentenceClassifier;

  constructor(options: RelevanceGateOptions = {}) {
    this.exponent = options.exponent ?? 0.5;
    this.#options = options.classifier ?? {};
  }

  /** Fit on report sentences: those with any label are relevant, the rest are not. */
  fit(rows: readonly TextExample[]): this {
    this.#clf = new SentenceClassifier({ ...this.#options, minExamples: 1 }).fit(
      rows.map((r) => ({ text: r.text, labels: r.labels.length ? [LABEL] : [] })),
    );
    return this;
  }

  /** Probability that the sentence describes adversary behaviour. */
  predictProba(text: string): number {
    if (!this.#clf) throw new Error("RelevanceGate: call fit or load.");
    return this.#clf.predictProba(text)[0] ?? 1;
  }

  /** Factor in (0, 1] for the sentence's technique scores. */
  factor(text: string): number {
    return this.exponent === 0 ? 1 : this.predictProba(text) ** this.exponent;
  }

  /** Save to a folder: the classifier's files and gate.json. */
  async save(dir: string): Promise<void> {
    if (!this.#clf) throw new Error("RelevanceGate: call fit before save.");
    await this.#clf.save(dir);
    await Deno.writeTextFile(join(dir, "gate.json"), JSON.stringify({ exponent: this.exponent }));
  }

  /** Load a gate saved by `save`. */
  static async load(dir: string): Promise<RelevanceGate> {
    const file = join(dir, "gate.json");
    if (!pathExists(file)) {
      throw new Error(`${file} is missing. Run \`deno task train\` to rebuild the model.`);
    }
    const { exponent } = JSON.parse(await Deno.readTextFile(file)) as { exponent: number };
    const gate = new RelevanceGate({ exponent });
    gate.#clf = await SentenceClassifier.load(dir);
    return gate;
  }
}
