/** Text clean-up shared by every format: odd characters, whitespace, titles. */

const LIGATURES: Readonly<Record<string, string>> = {
  "\uFB00": "ff",
  "\uFB01": "fi",
  "\uFB02": "fl",
  "\uFB03": "ffi",
  "\uFB04": "ffl",
  "\uFB05": "st",
  "\uFB06": "st",
};

/** Replace ligatures and odd whitespace, drop invisible and control characters, unify newlines. */
export function normalizeChars(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u2028\u2029\f\v]/g, "\n")
    .replace(/[\uFB00-\uFB06]/g, (c) => LIGATURES[c] ?? c)
    // NBSP and the typographic spaces would otherwise defeat whitespace-based matching.
    .replace(/[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, " ")
    // Zero-width characters and soft hyphens split words invisibly.
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, "")
    // Control characters (tab and newline kept) are debris from extraction, never content.
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u0008\u000E-\u001F\u007F]/g, "");
}

/**
 * Tidy layout: trim line ends, collapse runs of spaces, keep at most one blank line between
 * paragraphs, trim the whole text.
 */
export function tidyLayout(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Full clean-up for extracted text: characters, then layout. */
export function normalizeText(text: string): string {
  return tidyLayout(normalizeChars(text));
}

/** Collapse whitespace in a one-line value such as a title. */
export function oneLine(text: string, maxLength = 200): string {
  const line = normalizeChars(text).replace(/\s+/g, " ").trim();
  return line.length > maxLength ? `${line.slice(0, maxLength - 1).trimEnd()}…` : line;
}

// Short labels that head many reports but are never the title.
const NOT_A_TITLE = /^(tlp\s*:\s*\w+|confidential|draft|page \d+( of \d+)?|\W+)$/i;

/**
 * Guess a title from plain text: among the first ten lines, the first that reads like a title
 * (two or more words, not a marking like "TLP:WHITE"), else the first non-empty line.
 */
export function guessTitle(text: string): string {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0).slice(0, 10);
  const titled = lines.find((l) =>
    !NOT_A_TITLE.test(l) && l.split(/\s+/).length >= 2 && /\p{L}{3}/u.test(l) && l.length <= 200
  );
  return oneLine(titled ?? lines[0] ?? "");
}
