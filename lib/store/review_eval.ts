/** Did the analysts' reviews help? The same recipe trained with and without them, compared. */
import type { LabelledSentence } from "../data/examples.ts";
import type { AnnotatedReport } from "../data/types.ts";
import { atThreshold, scoreAnnotated } from "../eval/evaluate.ts";
import { type ReportScores, type ScoreOptions, scoreReports } from "../eval/metrics.ts";
import { holdOutByGroup } from "../eval/split.ts";
import type { Extractor } from "../extract/extractor.ts";
import type { AnalysisStore } from "./store.ts";
import { countReviewRows, reviewRows } from "./training.ts";

/** Inputs of {@link reviewBenefit}. */
export interface ReviewBenefitOptions {
  store: AnalysisStore;
  /**
   * The eval task's own training recipe with some extra rows (it is called twice: with none,
   * then with the review rows of the training-side analyses).
   */
  train: (extraRows: LabelledSentence[]) => Promise<Extractor>;
  /** Annotated reports held out from training; both models are scored on them. */
  test: AnnotatedReport[];
  scoreOptions?: ScoreOptions;
  /** Share of reviewed analyses kept out of training to measure agreement. Default 0.3. */
  holdOut?: number;
  seed?: number;
}

/** How far a model agrees with the analysts' decisions on reviewed reports. */
export interface Agreement {
  /** Decisions the model agrees with: accepted/added predicted, rejected not predicted. */
  agreed: number;
  total: number;
  rate: number;
}

/** One model's figures. */
export interface ReviewVariantScores {
  threshold: number;
  /** Report-level scores on the held-out annotated reports. */
  test: ReportScores;
  agreement: Agreement;
}

/** Result of {@link reviewBenefit}. */
export interface ReviewBenefit {
  reviews: {
    analyses: number;
    decisions: number;
    /** Review rows given to the "with reviews" model. */
    positive: number;
    negative: number;
    /** Reviewed analyses kept out of training for the agreement figure. */
    heldOutAnalyses: number;
    /** True when there were too few reviewed analyses to hold any out (agreement in-sample). */
    inSample: boolean;
  };
  without: ReviewVariantScores;
  with: ReviewVariantScores;
  /** Change in micro-F1 on the annotated test reports (with - without). */
  deltaMicroF1: number;
  /** Change in agreement with analysts on held-out reviewed reports (with - without). */
  deltaAgreement: number;
  /** One-paragraph verdict for the eval report. */
  summary: string;
}

async function agreement(
  extractor: Extractor,
  store: AnalysisStore,
  analyses: readonly number[],
): Promise<Agreement> {
  const threshold = extractor.meta.threshold;
  let agreed = 0, total = 0;
  const decisions = store.currentDecisions();
  for (const id of analyses) {
    const a = store.get(id);
    if (!a) continue;
    const result = await extractor.analyze(a.text, { name: a.source.name, type: a.source.type }, {
      minScore: 0,
    });
    const score = new Map(result.techniques.map((t) => [t.id, t.score]));
    for (const d of decisions.filter((x) => x.analysisId === id)) {
      const predicted = (score.get(d.techniqueId) ?? 0) >= threshold;
      total++;
      if (predicted === (d.decision !== "rejected")) agreed++;
    }
  }
  return { agreed, total, rate: total ? agreed / total : 0 };
}

async function variant(
  extractor: Extractor,
  options: ReviewBenefitOptions,
  heldOut: readonly number[],
): Promise<ReviewVariantScores> {
  const threshold = extractor.meta.threshold;
  const scored = await scoreAnnotated(extractor, options.test);
  return {
    threshold,
    test: scoreReports(atThreshold(scored, threshold), options.scoreOptions),
    agreement: await agreement(extractor, options.store, heldOut),
  };
}

const f3 = (x: number) => x.toFixed(3);
const signed = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(3)}`;

/**
 * Train the eval recipe without and with the stored reviews and compare: micro-F1 on held-out
 * annotated reports (did reviews hurt general quality?) and agreement with analysts on reviewed
 * reports kept out of training (did the model learn the corrections?).
 *
 * @example
 * const benefit = await reviewBenefit({
 *   store: AnalysisStore.open(),
 *   train: async (extraRows) => (await trainModel({ kb, reports: train, extraRows })).extractor,
 *   test,
 * });
 * console.log(benefit.summary);
 */
export async function reviewBenefit(options: ReviewBenefitOptions): Promise<ReviewBenefit> {
  const decisions = options.store.currentDecisions();
  const reviewed = [...new Set(decisions.map((d) => d.analysisId))].sort((a, b) => a - b);
  const split = reviewed.length >= 2
    ? holdOutByGroup(reviewed, (id) => String(id), options.holdOut ?? 0.3, options.seed ?? 7)
    : { train: reviewed, test: [] as number[] };
  const inSample = split.test.length === 0;
  const heldOut = inSample ? reviewed : split.test;
  const rows = reviewRows(options.store, { analyses: new Set(split.train) });
  const { positive, negative } = countReviewRows(rows);

  const without = await variant(await options.train([]), options, heldOut);
  const withReviews = await variant(await options.train(rows), options, heldOut);
  const deltaMicroF1 = withReviews.test.micro.f1 - without.test.micro.f1;
  const deltaAgreement = withReviews.agreement.rate - without.agreement.rate;
  const summary = decisions.length === 0
    ? "No analyst decisions stored yet: nothing to compare."
    : `Reviews: ${decisions.length} decisions on ${reviewed.length} reports -> ${positive} ` +
      `labelled and ${negative} negative sentences. Test micro-F1 ${f3(without.test.micro.f1)} ` +
      `-> ${f3(withReviews.test.micro.f1)} (${signed(deltaMicroF1)}); agreement with analysts ` +
      `${f3(without.agreement.rate)} -> ${f3(withReviews.agreement.rate)} ` +
      `(${signed(deltaAgreement)}) on ${heldOut.length} ${
        inSample ? "reviewed reports (in-sample: too few to hold out)" : "held-out reviewed reports"
      }.`;
  return {
    reviews: {
      analyses: reviewed.length,
      decisions: decisions.length,
      positive,
      negative,
      heldOutAnalyses: inSample ? 0 : heldOut.length,
      inSample,
    },
    without,
    with: withReviews,
    deltaMicroF1,
    deltaAgreement,
    summary,
  };
}
