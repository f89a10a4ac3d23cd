/**
 * Text utilities for CTI reports: sentence segmentation with exact character offsets, and the
 * normalisation, tokenisation and stop words used to build features from those sentences.
 *
 * @example
 * import { normalizeForFeatures, splitSentences, STOP_WORDS, tokenize } from "./lib/text/mod.ts";
 * const text = "The actor used\npowershell.exe -EncodedCommand to reach evil[.]com. It persisted.";
 * for (const s of splitSentences(text)) {
 *   console.log(s.start, s.end, tokenize(normalizeForFeatures(s.text)).filter((t) => !STOP_WORDS.has(t)));
 * }
 */
export type { Sentence, SplitOptions } from "./types.ts";
export { DEFAULT_MAX_LENGTH, DEFAULT_MIN_LENGTH, splitSentences } from "./segment.ts";
export { normalizeForFeatures } from "./normalize.ts";
export { BASE64_TOKEN, HASH_TOKEN, tokenize, wordCount } from "./tokenize.ts";
export { STOP_WORDS } from "./stop_words.ts";
