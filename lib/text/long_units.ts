import { isSpaceCode, trimRange } from "./chars.ts";
import type { Range } from "./types.ts";

/**
 * Cut a trimmed range longer than `maxLength` into trimmed pieces of at most `maxLength`,
 * preferring, in the second half of each window, the last "; ", then ", ", then whitespace.
 */
export function splitLongRange(text: string, range: Range, maxLength: number): Range[] {
  const out: Range[] = [];
  let start = range.start;
  while (range.end - start > maxLength) {
    const cut = findCut(text, start, maxLength);
    const piece = trimRange(text, start, cut);
    if (piece.end > piece.start) out.push(piece);
    start = cut;
    while (start < range.end && isSpaceCode(text.charCodeAt(start))) start++;
  }
  if (range.end > start) out.push({ start, end: range.end });
  return out;
}

function findCut(text: string, start: number, maxLength: number): number {
  const limit = start + maxLength;
  const floor = start + Math.max(1, Math.floor(maxLength / 2));
  for (const mark of [";", ","]) {
    for (let i = limit - 1; i >= floor; i--) {
      if (text[i] === mark && isSpaceCode(text.charCodeAt(i + 1))) return i + 1;
    }
  }
  for (let i = limit; i > floor; i--) {
    if (isSpaceCode(text.charCodeAt(i))) return i;
  }
  // No break opportunity (IOC dump, base64): hard cut, but never inside a surrogate pair.
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}
