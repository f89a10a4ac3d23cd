/**
 * Features: sparse TF-IDF vectors over CTI tokens.
 *
 * @example
 * import { TfidfVectorizer } from "./lib/features/mod.ts";
 * const v = new TfidfVectorizer().fit(tokenizedDocs);
 * const x = v.transform(tokens);
 */
export * from "./tfidf.ts";
