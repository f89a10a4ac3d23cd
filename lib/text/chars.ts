import type { Range } from "./types.ts";

/** Whether a UTF-16 code unit is whitespace (JS `\s` plus zero-width space, common in scraped HTML). */
export function isSpaceCode(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  if (code < 160) return false;
  return code === 160 || code === 0x1680 || (code >= 0x2000 && code <= 0x200b) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f ||
    code === 0x3000 || code === 0xfeff;
}

/** Narrow `[start, end)` so that it neither starts nor ends with whitespace (may become empty). */
export function trimRange(text: string, start: number, end: number): Range {
  while (start < end && isSpaceCode(text.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

/** Whether a string contains at least one letter in any script. */
export function hasLetter(s: string): boolean {
  return /\p{L}/u.test(s);
}
