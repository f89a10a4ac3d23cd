/** Plain text and Markdown: decoding and light clean-up. */
import { IngestError, SUPPORTED_FORMATS } from "./errors.ts";
import { guessTitle, normalizeText } from "./normalize.ts";
import type { Extracted } from "./types.ts";

/** Share of characters that may be control characters or U+FFFD before we call it binary. */
const MAX_GARBAGE_RATIO = 0.02;

/** Guess UTF-16 without a BOM: one byte of most pairs is zero (ASCII-range text). */
function utf16WithoutBom(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  const pairs = Math.min(bytes.length >> 1, 4096);
  if (pairs < 2) return undefined;
  let evenZero = 0, oddZero = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenZero++;
    if (bytes[2 * i + 1] === 0) oddZero++;
  }
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return "utf-16le";
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return "utf-16be";
  return undefined;
}

/** Pick an encoding from a BOM, UTF-16 zero patterns, or UTF-8 validity (else Windows-1252). */
function decode(bytes: Uint8Array, declared?: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder("utf-8").decode(bytes.subarray(3));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return new TextDecoder(utf16).decode(bytes);
  if (declared) {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      // Unknown label: fall through to sniffing.
    }
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: old reports are often Windows-1252, which maps every byte.
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** True when a decoded string is mostly control characters, NULs or replacement characters. */
function isGarbage(text: string): boolean {
  const sample = text.slice(0, 65536);
  if (sample.length === 0) return false;
  // deno-lint-ignore no-control-regex
  const bad = sample.match(/[\u0000-\u0008\u000E-\u001F\u007F\uFFFD]/g)?.length ?? 0;
  return bad > sample.length * MAX_GARBAGE_RATIO;
}

/**
 * Decode text bytes: UTF-8 (BOM optional), UTF-16 LE/BE (BOM, or guessed from zero bytes), a
 * declared charset, else Windows-1252. Throws "unsupported_type" for binary data.
 */
export function decodeText(bytes: Uint8Array, name: string, charset?: string): string {
  const text = decode(bytes, charset);
  if (isGarbage(text)) {
    throw new IngestError(
      "unsupported_type",
      `"${name}" looks like binary data, not text. Upload the report as ${SUPPORTED_FORMATS}.`,
    );
  }
  return text;
}

/** Strip the Markdown syntax that gets in the way of reading: headings marks, links, images. */
export function markdownToText(md: string): string {
  // [ \t] rather than \s throughout: with the m flag, \s would swallow neighbouring blank lines.
  return md
    .replace(/^[ \t]{0,3}(`{3,}|~{3,})[^\n]*$/gm, "")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$/gm, "$1")
    .replace(/^[ \t]{0,3}(?:[*+]|\d+[.)])[ \t]+/gm, "- ")
    .replace(/^[ \t]{0,3}>[ \t]?/gm, "")
    .replace(/^[ \t]{0,3}(?:[-*_][ \t]*){3,}$/gm, "");
}

/** Extract text and title from .txt or .md bytes. */
export function plainToText(
  bytes: Uint8Array,
  name: string,
  type: "txt" | "md",
  charset?: string,
): Extracted {
  const raw = decodeText(bytes, name, charset);
  return textToExtracted(type === "md" ? markdownToText(raw) : raw);
}

/** Normalise an already-decoded string and guess its title. */
export function textToExtracted(raw: string): Extracted {
  const text = normalizeText(raw);
  return { title: guessTitle(text), text };
}
