/**
 * Pure clean-up of the per-page text pdf.js gives: glyph repair, bullets, running headers and
 * footers, hyphenation, and re-flowing wrapped lines into paragraphs.
 */
import { normalizeChars } from "./normalize.ts";

/**
 * Repair "fi"/"fl" ligatures that a font without a Unicode map turned into U+FFFD
 * ("con\uFFFDguration"): "fl" before the letters that only follow fl in English, else "fi".
 */
export function repairLigatureGlyphs(text: string): string {
  return text.replace(
    /(?<=^|[\p{L}\s(\-/"'“‘])\uFFFD(?=\p{Ll})/gmu,
    (_m, offset: number, whole: string) => {
      const next = whole.slice(offset + 1, offset + 5);
      return /^(?:a(?:g|sh|w|t|v|me|re|ke|nk|p)|o|u|i|y|e(?:x|et|w|sh|ck))/.test(next)
        ? "fl"
        : "fi";
    },
  );
}

const BULLET_GLYPHS = "•●▪■◦‣∙·○◆◇►▶➢➤✓✔❖\uF0B7\uF0A7\uF076\uF0D8\uF0FC\uF06C\uF0A8";
const BULLET = new RegExp(`^\\s*(?:[${BULLET_GLYPHS}]\\s*|[o\\-*–] ?\\t\\s*)`);

/** Turn bullet glyphs (and Word's "o<TAB>" sub-bullets) at line starts into "- ". */
export function normalizeBullets(line: string): string {
  return line.replace(BULLET, "- ");
}

/**
 * Mark table rows: pdf-parse puts a tab at each wide horizontal gap, so a line with two or more
 * gaps becomes "a | b | c"; a single gap is usually a removed link inside prose.
 */
export function tableCells(line: string): string {
  const cells = line.split("\t").map((c) => c.trim()).filter((c) => c.length > 0);
  return cells.length >= 3 ? cells.join(" | ") : line;
}

/** Per-page lines: characters normalised, bullets unified, table cells marked, spaces collapsed. */
export function pageLines(pageText: string): string[] {
  return repairLigatureGlyphs(normalizeChars(pageText))
    .split("\n")
    .map((line) => tableCells(normalizeBullets(line)).replace(/[ \t]+/g, " ").trim())
    .filter((line) => line.length > 0);
}

/** Lines this close to the top or bottom of a page may be running headers or footers. */
const EDGE = 5;
const PAGE_NUMBER = /^(?:page\s*)?#(?:\s*(?:of|\/)\s*#)?$|^[-–—]\s*#\s*[-–—]$/;

/** Line identity for header detection: case, digits and spacing ignored ("Page 3 of 22"). */
function edgeKey(line: string): string {
  return line.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ").trim();
}

function isEdge(index: number, count: number): boolean {
  return index < EDGE || index >= count - EDGE;
}

/**
 * Drop running headers and footers: lines that recur (digits ignored) near the edge of at least
 * half the pages (and three), but not all over the body like a repeated table label; plus bare
 * page numbers near an edge.
 */
export function removeRunningHeaders(pages: string[][]): string[][] {
  const edgePages = new Map<string, number>();
  const total = new Map<string, number>();
  for (const lines of pages) {
    const seen = new Set<string>();
    lines.forEach((line, i) => {
      const key = edgeKey(line);
      total.set(key, (total.get(key) ?? 0) + 1);
      if (isEdge(i, lines.length)) seen.add(key);
    });
    for (const key of seen) edgePages.set(key, (edgePages.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(3, Math.ceil(pages.length / 2));
  const running = (key: string): boolean => {
    const onPages = edgePages.get(key) ?? 0;
    return onPages >= threshold && (total.get(key) ?? 0) <= onPages * 2;
  };
  // A running line found at the edge of most pages goes wherever it sits, since some pages put
  // footnotes or link lists above their header.
  return pages.map((lines) =>
    lines.filter((line, i) => {
      const key = edgeKey(line);
      return !running(key) && !(isEdge(i, lines.length) && PAGE_NUMBER.test(key));
    })
  );
}

/** All words (with inner hyphens) in the text, to judge line-end hyphens by the document itself. */
export function vocabulary(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? []);
}

/**
 * Join words hyphenated across a line break ("persis-\ntence" -> "persistence") when a lowercase
 * letter sits on both sides. The hyphen stays when the document elsewhere spells the word with
 * it and never without, or when either part is already a compound ("command-and-\ncontrol").
 * The rest of the second line moves up onto the first.
 */
export function repairHyphenation(text: string, words: Set<string> = vocabulary(text)): string {
  return text.replace(
    // Bounded parts anchored at a word start keep this linear on pathological runs of letters.
    /(?<![\p{L}\p{N}-])((?:[\p{L}\p{N}]{1,40}-){0,4}[\p{L}\p{N}]{0,40}\p{Ll})-[ \t]*\n[ \t]*(\p{Ll}[\p{L}\p{N}]{0,40}(?:-[\p{L}\p{N}]{1,40}){0,4})/gu,
    (_m, left: string, right: string) => {
      const joined = `${left}${right}`.toLowerCase();
      const hyphenated = `${left}-${right}`.toLowerCase();
      const compound = left.includes("-") || right.includes("-");
      const keep = words.has(joined) ? false : words.has(hyphenated) || compound;
      return keep ? `${left}-${right}` : `${left}${right}`;
    },
  );
}

/**
 * The length a full line of body text has, from the longer lines of the document; 80 when there
 * are too few lines to tell.
 */
export function typicalLineLength(lines: string[]): number {
  const lengths = lines.map((l) => l.length).filter((n) => n >= 20).sort((a, b) => a - b);
  if (lengths.length < 8) return 80;
  return lengths[Math.floor(lengths.length * 0.8)];
}

const SENTENCE_END = /[.!?:;]["'”’)\]]*$/;
const STARTS_BULLET = /^- /;
const TABLE_ROW = / \| .* \| /;

/** Separator between two consecutive lines of a page: "" / " " to join, "\n" or "\n\n" to break. */
function separator(a: string, b: string, width: number): string {
  if (STARTS_BULLET.test(b) || TABLE_ROW.test(a) || TABLE_ROW.test(b)) return "\n";
  const nextWord = b.split(" ")[0].length;
  // Had the next word fitted on this line, the writer broke it on purpose.
  const wrapped = a.length + 1 + nextWord > width * 0.9;
  if (wrapped && /[\p{L}\p{N}]-$/u.test(a) && /^[\p{L}\p{N}]/u.test(b)) return "";
  // A short unpunctuated line after a finished sentence is a heading, even after a full line.
  const heading = b.length < width * 0.5 && !/[.,;:!?]$/.test(b) && /^\p{Lu}/u.test(b);
  if (wrapped && !(heading && SENTENCE_END.test(a))) return " ";
  if (SENTENCE_END.test(a)) return "\n\n";
  // A short unpunctuated line before a full one is a heading.
  if (a.length < width * 0.6 && b.length >= width * 0.75) return "\n\n";
  return "\n";
}

/** Re-flow one page: wrapped lines joined, paragraphs separated by blank lines. */
export function reflowPage(lines: string[], width: number): string {
  let out = lines[0] ?? "";
  for (let i = 1; i < lines.length; i++) out += separator(lines[i - 1], lines[i], width) + lines[i];
  return out;
}

/** Full clean-up of per-page text into the document text: pages separated by blank lines. */
export function cleanPdfPages(pageTexts: string[]): string {
  const pages = removeRunningHeaders(pageTexts.map(pageLines));
  const width = typicalLineLength(pages.flat());
  const words = vocabulary(pages.flat().join("\n"));
  return pages
    .map((lines) => repairHyphenation(lines.join("\n"), words).split("\n"))
    .map((lines) => reflowPage(lines, width))
    .filter((page) => page.length > 0)
    .join("\n\n");
}
