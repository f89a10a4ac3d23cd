import { isAbbreviation } from "./abbreviations.ts";
import { isSpaceCode } from "./chars.ts";
import type { Block } from "./blocks.ts";
import type { Range } from "./types.ts";

/** A possible sentence end: the sentence ends at `end`, the next one starts at `next`. */
interface Candidate {
  /** Index of the (first) terminal punctuation mark. */
  at: number;
  terminal: string;
  end: number;
  next: number;
  /** "word.Word" with the space lost in HTML extraction: already judged a boundary. */
  glued: boolean;
}

// Terminal run, closing quotes/brackets, then whitespace (so "cmd.exe", "1.2.3", "evil[.]com",
// "T1059.001" and "a.php?x=1" never match).
const SPACED = /([.!?…]+)(["'”’»)\]]*)[\s\u200b]+/g;
// "compromise.These": lowercase word, terminal, capitalised word. The left side must be a whole
// lowercase word so that "WScript.Shell", "System.Net" and "evil.Com/x" are left alone.
const GLUED = /(?<![\p{L}\p{N}_.\/\\@:-])\p{Ll}{2,}[.!?](?=\p{Lu}\p{Ll}+(?:[\s,;:!?]|$))/gu;
// What may start a sentence: capital, digit, opening quote/bracket, bullet glyph, "- " bullet, or a
// lowercase-initial camel-case name (iOS, macOS, njRAT, eBay).
const SENTENCE_START = /[\p{Lu}\p{N}"'“‘«(\[•●▪►➢➤]|[-*–] |\p{Ll}+\p{Lu}/uy;
// A block's first token may be a section number or technique ID: "3.2. Persistence", "T1112. Modify
// Registry".
const ENUMERATOR = /^(?:T\d{4}(?:\.\d{3})?|\d{1,3}(?:\.\d{1,3})*|[ivxIVX]{1,5})$/;
// "Figure 3. The infected process ...": a caption number is not a sentence end.
const CAPTION_LABEL = /^(?:Figure|Fig\.?|Table|Listing|Exhibit|Image|Screenshot)\s+$/i;

/** Split each block at sentence boundaries; returns untrimmed ranges in document order. */
export function splitBlocks(text: string, blocks: readonly Block[]): Range[] {
  const candidates = findCandidates(text);
  const out: Range[] = [];
  let ci = 0;
  for (const block of blocks) {
    while (ci < candidates.length && candidates[ci].at < block.start) ci++;
    let start = block.start;
    for (let k = ci; k < candidates.length && candidates[k].at < block.end; k++) {
      const c = candidates[k];
      if (c.next >= block.end || c.end <= start) continue;
      if (!c.glued && !isBoundary(text, c, block.start)) continue;
      out.push({ start, end: c.end });
      start = c.next;
    }
    out.push({ start, end: block.end });
  }
  return out;
}

// One pass over the whole text: scanning per block would rescan to the next match every time,
// which is quadratic on long stretches without punctuation (IOC lists, code).
function findCandidates(text: string): Candidate[] {
  const candidates: Candidate[] = [];
  for (const m of text.matchAll(SPACED)) {
    candidates.push({
      at: m.index,
      terminal: m[1],
      end: m.index + m[1].length + m[2].length,
      next: m.index + m[0].length,
      glued: false,
    });
  }
  for (const m of text.matchAll(GLUED)) {
    const at = m.index + m[0].length - 1;
    candidates.push({ at, terminal: text[at], end: at + 1, next: at + 1, glued: true });
  }
  return candidates.sort((a, b) => a.at - b.at);
}

function isBoundary(text: string, c: Candidate, blockStart: number): boolean {
  // Ellipses ("[...]", "wait... then", quoted elisions) are not treated as sentence ends.
  if (c.terminal.includes("…") || c.terminal.includes("..")) return false;
  SENTENCE_START.lastIndex = c.next;
  if (!SENTENCE_START.test(text)) return false;
  if (c.terminal !== ".") return true;
  let wordStart = c.at;
  while (wordStart > blockStart && !isSpaceCode(text.charCodeAt(wordStart - 1))) wordStart--;
  const word = text.slice(wordStart, c.at);
  if (isAbbreviation(word, text[c.next])) return false;
  if (wordStart === blockStart) return !ENUMERATOR.test(word);
  return !(/^\d+$/.test(word) && CAPTION_LABEL.test(text.slice(blockStart, wordStart)));
}
