import { groupLines } from "./blocks.ts";
import { splitBlocks } from "./boundaries.ts";
import { hasLetter, trimRange } from "./chars.ts";
import { splitLines } from "./lines.ts";
import { splitLongRange } from "./long_units.ts";
import type { Sentence, SplitOptions } from "./types.ts";

/** Default {@link SplitOptions.maxLength}. */
export const DEFAULT_MAX_LENGTH = 600;
/** Default {@link SplitOptions.minLength}. */
export const DEFAULT_MIN_LENGTH = 3;

/**
 * Split document text into sentences with exact character offsets: `text.slice(s.start, s.end)
 * === s.text` for every sentence, in order and without overlap. Bullets, table rows and headings
 * are units of their own (bullet markers excluded); hard-wrapped lines are joined.
 */
export function splitSentences(text: string, options: SplitOptions = {}): Sentence[] {
  const maxLength = Math.max(1, options.maxLength ?? DEFAULT_MAX_LENGTH);
  const minLength = options.minLength ?? DEFAULT_MIN_LENGTH;
  const sentences: Sentence[] = [];
  for (const raw of splitBlocks(text, groupLines(text, splitLines(text)))) {
    const range = trimRange(text, raw.start, raw.end);
    if (range.end - range.start < minLength) continue;
    for (const { start, end } of splitLongRange(text, range, maxLength)) {
      if (end - start < minLength) continue;
      const sentence = text.slice(start, end);
      if (hasLetter(sentence)) sentences.push({ text: sentence, start, end });
    }
  }
  return sentences;
}
