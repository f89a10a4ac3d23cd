import { sparseDot, type SparseVector, TfidfVectorizer } from "../features/mod.ts";

/** TF-IDF vectors of feature texts (space-joined tokens, stop words already removed). */
export function vectorize(
  texts: string[],
  maxFeatures = 30000,
): { vectors: SparseVector[]; vectorizer: TfidfVectorizer } {
  const tokens = texts.map((t) => t.split(" ").filter(Boolean));
  const vectorizer = new TfidfVectorizer({ ngramRange: [1, 2], minDf: 2, maxFeatures }).fit(tokens);
  return { vectors: tokens.map((t) => vectorizer.transform(t)), vectorizer };
}

/** Cosine of two L2-normalised sparse vectors (their dot product). */
export const cosine: (a: SparseVector, b: SparseVector) => number = sparseDot;
