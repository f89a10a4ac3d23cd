// Invisible characters that break words apart in scraped text without being whitespace.
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const SINGLE_QUOTES = /[‘’‚‛′´]/g;
const DOUBLE_QUOTES = /[“”„‟″«»]/g;
const DASHES = /[‐‑‒–—―−⁃]/g;
const WHITESPACE = /\s+/g;

// Defanging conventions seen in vendor reports; order matters ("[://]" before "[:]").
const DEFANG: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bh(?:xx|\*\*|XX)p(s?)(?=(?:\[?:\]?)?\/\/|\[:\/\/\])/gi, "http$1"],
  [/\bfxp(?=(?:\[?:\]?)?\/\/|\[:\/\/\])/gi, "ftp"],
  [/\\?[\[(]\s*:\/\/\s*\\?[\])]/g, "://"],
  [/\\?[\[({]\s*(?:\.|dot)\s*\\?[\])}]/gi, "."],
  [/\\?\[\s*:\s*\\?\]/g, ":"],
  [/\\?\[\s*\/\s*\\?\]/g, "/"],
  [/\\?[\[({]\s*(?:at|@)\s*\\?[\])}]/gi, "@"],
  // Markdown-escaped underscores ("\_ah/logout") from HTML-to-markdown extraction.
  [/\\_/g, "_"],
];

/**
 * Normalise a sentence for features: NFKC, defang (evil[.]com -> evil.com, hxxp -> http,
 * [at] -> @), unify quotes and dashes, collapse whitespace, lowercase.
 */
export function normalizeForFeatures(text: string): string {
  let s = text.normalize("NFKC").replace(INVISIBLE, "")
    .replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"').replace(DASHES, "-");
  for (const [pattern, replacement] of DEFANG) s = s.replace(pattern, replacement);
  return s.replace(WHITESPACE, " ").trim().toLowerCase();
}
