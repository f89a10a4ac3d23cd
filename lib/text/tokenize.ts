/** Placeholder token that replaces base64-like blobs (encoded commands, embedded payloads). */
export const BASE64_TOKEN = "<base64>";
/** Placeholder token that replaces MD5/SHA-1/SHA-256/SHA-512 hex digests. */
export const HASH_TOKEN = "<hash>";

// CTI-shaped tokens first, ordinary words last; each alternative is tried left to right at every
// position, so "cmd.exe" is one word and "hklm\software\..." one registry path.
const TOKEN = new RegExp(
  [
    String.raw`(?:https?|ftp|hxxps?|file)://[^\s"'<>]+`, // URL
    String.raw`\b(?:hklm|hkcu|hkcr|hku|hkcc|hkey_[a-z_]+)(?:\\+[^\s\\"'<>|,;]+)+\\?`, // registry
    String.raw`\b[a-z]:\\[^\s"'<>|,;]*`, // drive path
    String.raw`\\\\[\w.$-]+(?:\\[^\s\\"'<>|,;]+)*`, // UNC path
    String.raw`%[a-z_][\w()]*%(?:\\[^\s\\"'<>|,;]+)*`, // %APPDATA%\... path
    String.raw`(?<![\w.])(?:~|\.{1,2})?(?:/[\w.@%+-]+){2,}/?`, // Unix path
    String.raw`(?<![\w-])--?[a-z][\w-]*`, // -EncodedCommand, --no-sandbox
    String.raw`(?<![\w/.:])/[a-z][\w:-]*(?![\w/])`, // cmd /c, ipconfig /all
    String.raw`(?<![\w+/=.\\-])[a-z0-9+/]{20,}={0,2}(?![\w+/=-]|\.\w)`, // hash or base64 candidate
    // word, domain, IP (with :port or /cidr), admin$
    String.raw`[\p{L}\p{N}_]+(?:[.\-'@][\p{L}\p{N}_]+)*\$?(?::\d{1,5}(?!\w)|\/\d{1,2}(?![\w/]))?`,
  ].join("|"),
  "giu",
);
const TRAILING_PUNCT = /[.,;:!?)\]}'"]+$/;
const HEX_DIGEST = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i;
const POSSESSIVE = /'s$/;

/** Number of words (runs of two or more Latin letters) in a text: how much prose a unit holds. */
export function wordCount(text: string): number {
  return text.match(/[A-Za-z]{2,}/g)?.length ?? 0;
}

/**
 * Tokenize normalised text (see normalizeForFeatures) into word tokens, keeping CTI tokens intact
 * (cmd.exe, t1059.001, 192.168.1.1, evil.com, hklm\software\..., c:\windows\..., -encodedcommand)
 * and collapsing hashes to HASH_TOKEN and base64 blobs to BASE64_TOKEN. Case is left as given.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const [match] of text.matchAll(TOKEN)) {
    const token = match.length > 1 ? match.replace(TRAILING_PUNCT, "") : match;
    if (token.length === 0) continue;
    if (token.length >= 20 && /^[a-z0-9+/]+=*$/i.test(token)) tokens.push(classifyBlob(token));
    else tokens.push(token.replace(POSSESSIVE, ""));
  }
  return tokens;
}

function classifyBlob(blob: string): string {
  if (HEX_DIGEST.test(blob)) return HASH_TOKEN;
  // Words and paths rarely alternate letters and digits; encoded data does so constantly.
  let switches = 0;
  for (let i = 1; i < blob.length; i++) {
    if (isDigit(blob.charCodeAt(i)) !== isDigit(blob.charCodeAt(i - 1))) switches++;
  }
  const encoded = switches >= 4 || blob.includes("+") || blob.endsWith("=");
  return encoded ? BASE64_TOKEN : blob;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
