/**
 * Class balancing: label counts and figures, a random-forest multi-output classifier over
 * TF-IDF features (ml-random-forest, one forest per rare technique) that labels more examples,
 * augmented oversampling, and the cleaning of what balancing created.
 *
 * @example
 * import { balanceFigures, cleanBalanced, oversample, pseudoLabel } from "./lib/balance/mod.ts";
 * const labelled = pseudoLabel(rows, { minExamples: 10 }).rows;
 * const { rows: balanced } = oversample(labelled, { minExamples: 10 });
 * const { rows: cleaned, removed } = cleanBalanced(balanced);
 * balanceFigures(cleaned, 10);
 */
export * from "./counts.ts";
export * from "./forest.ts";
export * from "./pseudo_label.ts";
export * from "./oversample.ts";
export * from "./clean_balanced.ts";
export { cosine, vectorize } from "./_vectors.ts";
