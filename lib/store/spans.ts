/** Turning an analyst's selection into the sentence(s) it falls in. */
import { splitSentences } from "../text/mod.ts";

/** A character range of a text with the text it covers. */
export interface Span {
  start: number;
  end: number;
  text: string;
}

/**
 * Widen `[start, end)` to the sentences it touches, since the model learns and scores whole
 * sentences; a selection outside every sentence is kept as selected (trimmed).
 */
export function sentenceSpan(text: string, start: number, end: number): Span {
  const touched = splitSentences(text).filter((s) => s.start < end && start < s.end);
  let from = start, to = end;
  if (touched.length) {
    from = Math.min(start, touched[0].start);
    to = Math.max(end, touched.at(-1)!.end);
  }
  while (from < to && /\s/.test(text[from])) from++;
  while (to > from && /\s/.test(text[to - 1])) to--;
  return { start: from, end: to, text: text.slice(from, to) };
}
