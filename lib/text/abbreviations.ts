// Abbreviations after which a period does not end a sentence, lowercased, without final period.
// "etc." is deliberately absent: in the corpora every "etc." before a capital ends a sentence.
const ALWAYS = new Set([
  "e.g",
  "i.e",
  "eg",
  "ie",
  "viz",
  "cf",
  "vs",
  "al",
  "approx",
  "ca",
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "sr",
  "jr",
  "st",
  "gen",
  "col",
  "lt",
  "sgt",
  "inc",
  "ltd",
  "corp",
  "co",
  "dept",
]);

// Abbreviations that only stay open before a number ("Fig. 3", "No. 7", "Jan. 26"); before a
// capital they may well end the sentence ("... in Nov. The group ...").
const BEFORE_NUMBER = new Set([
  "no",
  "nos",
  "nr",
  "fig",
  "figs",
  "tab",
  "vol",
  "p",
  "pp",
  "ch",
  "sec",
  "art",
  "ref",
  "eq",
  "ver",
  "rev",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
]);

// Dotted initialisms: "U.S", "e.g", "a.m", "U.S.A" (the final period is not part of the word).
const INITIALISM = /^(?:\p{L}\.)+\p{L}$/u;
const LEADING_PUNCT = /^[(\[{"'“‘«]+/;

/**
 * Whether `word` (the characters before a period, without it) is an abbreviation that keeps the
 * sentence open when followed by the character `next`.
 */
export function isAbbreviation(word: string, next: string): boolean {
  const w = word.replace(LEADING_PUNCT, "");
  if (w.length === 0) return false;
  // A lone capital is an initial ("Michael T. Flynn", "Shah M. Reza").
  if (w.length === 1) return /\p{Lu}/u.test(w) || (w === "p" && /^\d/.test(next));
  if (INITIALISM.test(w)) return true;
  const lower = w.toLowerCase();
  if (ALWAYS.has(lower)) return true;
  return BEFORE_NUMBER.has(lower) && /^\d/.test(next);
}
