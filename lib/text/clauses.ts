import { wordCount as words } from "./tokenize.ts";

/** Options for cutting a long sentence into clauses. */
export interface ClauseOptions {
  /** Sentences with fewer words are left whole. Default 25. */
  minSentenceWords?: number;
  /** Clauses with fewer words are dropped. Default 4. */
  minClauseWords?: number;
}

// Where one action of a long sentence ends and the next begins.
const CLAUSE_BREAK =
  /;\s+|,\s+(?=(?:and|but|while|which|where|then|before|after|once|allowing|enabling)\b)|\s+(?:and then|as well as)\s+/gi;

/**
 * The clauses of a long sentence, or none when it is short. A report sentence that chains
 * several actions ("it copies itself to AppData, sets a Run key, and then beacons over HTTPS")
 * dilutes each one in a single TF-IDF vector; scored apart, each action stands out.
 */
export function clauses(sentence: string, options: ClauseOptions = {}): string[] {
  if (words(sentence) < (options.minSentenceWords ?? 25)) return [];
  const min = options.minClauseWords ?? 4;
  const parts = sentence.split(CLAUSE_BREAK).map((p) => p.trim()).filter((p) => words(p) >= min);
  return parts.length > 1 ? parts : [];
}
