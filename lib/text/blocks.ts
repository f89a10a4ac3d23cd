import { isAbbreviation } from "./abbreviations.ts";
import type { Line, LineKind } from "./lines.ts";

/** A run of lines that reads as one piece of prose (paragraph, bullet item, table row, heading). */
export interface Block {
  /** Start of the body (after any list marker) of the first line. */
  start: number;
  /** End of the trimmed content of the last line. */
  end: number;
  kind: LineKind;
}

const TERMINAL_END = /[.!?…]["'”’»)\]]*$/;
// A continuation line starts with an ordinary lowercase word ("powershell to", "and, lastly"),
// not with a file name, hash, identifier or command switch, which also start lowercase.
const LOWER_WORD_START = /^\p{Ll}[\p{Ll}'’-]*(?=[\s,;!?)\]"”’—–]|\.(?:\s|$)|$)/u;
const LOWER_START = /^\p{Ll}/u;
const PROSE_START = /^[\p{Lu}\p{N}"'“‘(]/u;
const SENTENCE_INSIDE = /[.!?]["'”’)\]]*\s+\p{Lu}/u;
// ...and the line before ends in a word (not "%u", "/f", "[.]com"), a comma or a hyphen.
const CONTINUES_AT_END = /(?:(?:^|\s)[("“‘]?\p{L}[\p{L}\p{N}'’.-]*[,;)"”’]*|[,\-–])$/u;
const CAPITAL_START = /^[\p{Lu}\p{N}"'“‘(]/u;
// A line ending in one of these words cannot be complete ("..., RegOpenKeyTransacted(), and").
const DANGLING_END = /\s(?:and|or|the|a|an|of|to|with|by|from|via|than|into|that|using|as)$/;
// "dl Sends a get request ...": a flattened table row (name, then capitalised description).
const KEY_DESCRIPTION = /^\p{Ll}+\s+\p{Lu}\p{Ll}/u;
const CODE_LIKE = / = |[{};]$/;
const PLAIN_WORD = /^[\p{L}][\p{L}'’-]*[,;:.]?$/u;
const WHITESPACE = /\s/;
// Hard-wrapped (PDF) text shows dozens of mid-sentence line ends; HTML text a handful at most.
const MIN_WRAPPED_LINES = 8;

/** Group lines into blocks: blank lines, rules, bullets, tables and headings break; wrapped lines join. */
export function groupLines(text: string, lines: readonly Line[]): Block[] {
  const longLine = wrapThreshold(text, lines);
  const blocks: Block[] = [];
  let current: Block | undefined;
  let last: Line | undefined;
  for (const line of lines) {
    if (line.kind === "blank" || line.kind === "rule") {
      current = last = undefined;
      continue;
    }
    if (current && last && joins(text, current, last, line, longLine)) {
      current.end = line.end;
    } else {
      current = { start: line.bodyStart, end: line.end, kind: line.kind };
      blocks.push(current);
    }
    last = line;
  }
  return blocks;
}

/** Whether line `b` continues `block`, whose last line is `a`. */
function joins(text: string, block: Block, a: Line, b: Line, longLine: number): boolean {
  if (b.kind !== "text" || (a.kind !== "text" && a.kind !== "bullet")) return false;
  const prev = text.slice(a.bodyStart, a.end);
  const next = text.slice(b.start, b.end);
  if (prev.endsWith(":")) return false; // introduces a list, command or code block
  // Prose starts with a capital; lines starting lowercase or with a symbol are commands, code or
  // "key: value" pairs, unless a new sentence has started on the line ("-k\nprint. If this ...").
  if (a.start === block.start && !PROSE_START.test(prev) && !SENTENCE_INSIDE.test(prev)) {
    return false;
  }
  const complete = TERMINAL_END.test(prev) && !endsInAbbreviation(prev, next);
  if (LOWER_WORD_START.test(next)) {
    return !complete && (WHITESPACE.test(next) || TERMINAL_END.test(next)) &&
      !KEY_DESCRIPTION.test(next) &&
      WHITESPACE.test(prev) && CONTINUES_AT_END.test(prev) && !isTitleLike(prev) &&
      !(a.start === block.start && sameCommand(prev, next)) && !CODE_LIKE.test(prev) &&
      !CODE_LIKE.test(next);
  }
  if (!CAPITAL_START.test(next) || complete) return false;
  return DANGLING_END.test(prev) || (prev.length >= longLine && isProse(prev, 4));
}

/**
 * Minimum length of a line that may wrap onto a capitalised next line, or Infinity when the
 * document does not look hard-wrapped (HTML text has one paragraph per line: never join there).
 */
export function wrapThreshold(text: string, lines: readonly Line[]): number {
  const wrappedLengths: number[] = [];
  let proseFollowed = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i], b = lines[i + 1];
    if (a.kind !== "text" || b.kind !== "text") continue;
    const prev = text.slice(a.start, a.end);
    if (!isProse(prev, 6)) continue; // fewer words: likely a command line, not wrapped prose
    proseFollowed++;
    const next = text.slice(b.start, b.end);
    if (!TERMINAL_END.test(prev) && !prev.endsWith(":") && LOWER_WORD_START.test(next)) {
      wrappedLengths.push(prev.length);
    }
  }
  if (wrappedLengths.length < MIN_WRAPPED_LINES || wrappedLengths.length < 0.25 * proseFollowed) {
    return Infinity;
  }
  wrappedLengths.sort((x, y) => x - y);
  return Math.max(30, Math.floor(0.75 * wrappedLengths[wrappedLengths.length >> 1]));
}

/** Short line of capitalised words without final punctuation, e.g. "Threat Detail". */
function isTitleLike(line: string): boolean {
  if (line.length > 60 || TERMINAL_END.test(line)) return false;
  let capitalised = 0;
  for (const word of line.split(/\s+/)) {
    if (!/^\p{L}{4}/u.test(word)) continue;
    if (!/^\p{Lu}/u.test(word)) return false;
    capitalised++;
  }
  return capitalised > 0;
}

/** At least `minTokens` tokens, mostly plain words (not a command line, path list or hash). */
function isProse(line: string, minTokens: number): boolean {
  const tokens = line.split(/\s+/);
  if (tokens.length < minTokens) return false;
  let plain = 0;
  for (const t of tokens) if (PLAIN_WORD.test(t)) plain++;
  return plain >= 0.6 * tokens.length;
}

/** "reg add ...\nreg add ...", "SC failure\nsc description": a listing of commands. */
function sameCommand(a: string, b: string): boolean {
  const first = (s: string) => s.slice(0, s.search(/\s|$/));
  const command = first(a);
  // Commands are all lowercase or all caps; a capitalised "The" starts prose.
  if (command !== command.toLowerCase() && command !== command.toUpperCase()) return false;
  return command.toLowerCase() === first(b).toLowerCase();
}

/** "... such as e.g.\nPowerShell", "Word, Excel, etc.\ncampaign": the period keeps the sentence open. */
function endsInAbbreviation(line: string, next: string): boolean {
  if (!line.endsWith(".")) return false;
  let i = line.length - 1;
  while (i > 0 && !WHITESPACE.test(line[i - 1])) i--;
  const word = line.slice(i, -1);
  return isAbbreviation(word, next) || (/(?:^|\W)etc$/i.test(word) && LOWER_START.test(next));
}
