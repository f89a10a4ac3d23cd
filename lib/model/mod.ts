/**
 * Models with the scikit-learn shape (fit / predictProba / save / load).
 *
 * @example
 * import { SentenceClassifier } from "./lib/model/mod.ts";
 * const clf = new SentenceClassifier().fit([{ text: "...", labels: ["T1059.001"] }]);
 */
export * from "./linear.ts";
export * from "./random.ts";
export * from "./sentence_classifier.ts";
export * from "./knn.ts";
export * from "./stacker.ts";
export * from "./encoder.ts";
export * from "./embedding_cache.ts";
export * from "./neural.ts";
export * from "./relevance.ts";
