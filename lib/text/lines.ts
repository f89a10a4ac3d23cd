import { trimRange } from "./chars.ts";

/** What a physical line looks like, which decides whether it may join its neighbours. */
export type LineKind = "blank" | "rule" | "table" | "bullet" | "heading" | "text";

/** A physical line: its trimmed content range, its kind, and where its body starts after any list marker. */
export interface Line {
  start: number;
  end: number;
  /** Start of the content after a bullet/enumerator or markdown `#` marker (equals `start` otherwise). */
  bodyStart: number;
  kind: LineKind;
}

const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/g;

// Glyph bullets are unambiguous, so they may touch the text; ASCII-ish ones need a space so that
// "-EncodedCommand", "*.exe" or "+1" stay text. Enumerators: "1.", "a)", "(iv)", "IV.".
const BULLET =
  /^(?:[•●○◦▪▫■□►▶▸▹➢➣➤➔→✓✔✗❖◆◇∙⁃‣◘]\s*|[-*+–—·]\s+|(?:\d{1,3}|[A-Za-z]|[ivxIVX]{2,5})[.)]\s+|\((?:\d{1,3}|[A-Za-z]|[ivxIVX]{2,5})\)\s+)/;
const MARKDOWN_HEADING = /^#{1,6}\s+/;
const BOLD_LINE = /^(?:\*\*[^*]+\*\*|__[^_]+__):?$/;
// Figure/table captions stand alone even when long and unpunctuated.
const CAPTION = /^(?:Figure|Fig\.?|Table|Listing|Exhibit|Image|Screenshot)\s*\d+[a-z]?\s*[:.\-–—]/i;
const TABLE_CELLS = /\t| \| |^\|.*\|/;
const ALNUM = /[\p{L}\p{N}]/u;

/** Split text into physical lines (LF, CRLF, CR, U+2028/9) with trimmed offsets and a kind each. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let lineStart = 0;
  LINE_BREAK.lastIndex = 0;
  for (;;) {
    const m = LINE_BREAK.exec(text);
    const lineEnd = m ? m.index : text.length;
    lines.push(classifyLine(text, lineStart, lineEnd));
    if (!m) break;
    lineStart = m.index + m[0].length;
  }
  return lines;
}

/** Classify the raw line `text.slice(lineStart, lineEnd)`. */
export function classifyLine(text: string, lineStart: number, lineEnd: number): Line {
  const { start, end } = trimRange(text, lineStart, lineEnd);
  if (start === end) return { start, end, bodyStart: start, kind: "blank" };
  const content = text.slice(start, end);
  if (!ALNUM.test(content)) return { start, end, bodyStart: start, kind: "rule" };
  if (TABLE_CELLS.test(content)) return { start, end, bodyStart: start, kind: "table" };
  const bullet = BULLET.exec(content);
  if (bullet && bullet[0].length < content.length) {
    return { start, end, bodyStart: start + bullet[0].length, kind: "bullet" };
  }
  const hashes = MARKDOWN_HEADING.exec(content);
  if (hashes) return { start, end, bodyStart: start + hashes[0].length, kind: "heading" };
  if (BOLD_LINE.test(content) || CAPTION.test(content)) {
    return { start, end, bodyStart: start, kind: "heading" };
  }
  return { start, end, bodyStart: start, kind: "text" };
}
